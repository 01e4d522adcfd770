package dev.modelcache.service.lifecycle;

import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.settings.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.Optional;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * Installs the graceful stop ({@link GracefulStop}) as the process's SIGTERM handler when the
 * application starts, and holds the {@link Drain} that {@link StopFilter} counts requests in.
 *
 * <p>The process ends with {@code Runtime.halt(143)} once the drain is done, after flushing the log
 * handlers (the audit log among them): not {@code System.exit}, whose shutdown hooks include Payara
 * Micro's stop of the server, which undeploys the application while its HTTP listener still takes
 * connections and answers those requests with an empty 500. After the drain nothing of the service
 * needs an orderly stop (no transaction, every file it writes is written atomically, a download cut
 * short resumes later), and the operating system frees memory, sockets and locks; the temporary
 * files Payara Micro's hook would have deleted are deleted first ({@link PayaraTempFiles}). SIGINT
 * (Ctrl-C) keeps the JVM's handling: the server stops at once.
 *
 * <p>{@code MODEL_CACHE_HANDLE_SIGTERM=false} leaves SIGTERM to the server: for a full server that
 * runs other applications too, whose own orderly stop the halt would skip.
 *
 * <p>When the application is undeployed without a signal (a redeploy in a full server), the
 * previous handler is put back.
 */
@ApplicationScoped
public class StopOnSigterm {
  private static final System.Logger LOG = System.getLogger(StopOnSigterm.class.getName());
  private static final long RETRY_AFTER_SECONDS = 1;

  @Inject Settings config;
  @Inject ModelCacheService service;

  private final Drain drain = new Drain(RETRY_AFTER_SECONDS);
  private volatile Optional<TermSignal.Installed> installed = Optional.empty();

  void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (!config
        .value("MODEL_CACHE_HANDLE_SIGTERM")
        .map(String::trim)
        .orElse("true")
        .equals("true")) {
      LOG.log(Level.INFO, "SIGTERM left to the server (MODEL_CACHE_HANDLE_SIGTERM is not true)");
      return;
    }
    StopSettings settings = StopSettings.from(config::value);
    GracefulStop stop =
        new GracefulStop(
            settings,
            drain,
            service::beginStop,
            time -> Thread.sleep(time.toMillis()),
            StopOnSigterm::halt);
    installed = TermSignal.install(stop::onSignal);
    installed.ifPresent(
        i ->
            LOG.log(
                Level.INFO,
                "SIGTERM drains: grace {0} s, drain up to {1} s, then exit status 143",
                settings.grace().toSeconds(),
                settings.drain().toSeconds()));
  }

  /** The requests in progress, counted by {@link StopFilter}. */
  public Drain drain() {
    return drain;
  }

  @PreDestroy
  void restore() {
    installed.ifPresent(TermSignal.Installed::restore);
  }

  private static void halt(int status) {
    LogManager logs = LogManager.getLogManager();
    for (String name : Collections.list(logs.getLoggerNames())) {
      Logger logger = logs.getLogger(name);
      if (logger != null) {
        for (Handler handler : logger.getHandlers()) {
          handler.flush();
        }
      }
    }
    PayaraTempFiles.delete();
    System.out.flush();
    System.err.flush();
    Runtime.getRuntime().halt(status);
  }
}
