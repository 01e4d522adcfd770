package dev.modelcache.service.security;

import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.service.audit.AuditEvent;
import dev.modelcache.service.audit.AuditFile;
import dev.modelcache.service.audit.AuditLog;
import dev.modelcache.service.settings.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.logging.Logger;

/**
 * Holds the security settings and the objects built from them, for the filters: the {@link
 * AccessRule}, the {@link RateLimiter}, the {@link ConcurrencyLimit}, the {@link AuditLog}, the
 * count of {@link Refusals}, and the {@link Guard} that runs the checks in order. Created when the
 * application starts, so that a bad setting (or authentication on without keys) fails the
 * deployment; logs the effective settings then, and a loud warning if authentication is off.
 *
 * <p>Every field is written once in {@link #start()}, before the container lets a request in.
 */
@ApplicationScoped
public class SecurityService {
  private static final System.Logger LOG = System.getLogger(SecurityService.class.getName());

  /** The most callers the rate limiter remembers. */
  static final int MAX_BUCKETS = 10_000;

  /** The audit file's size at which it is rotated: 10 MiB. */
  static final long AUDIT_FILE_BYTES = 10L * 1024 * 1024;

  /** Rotated audit files kept. */
  static final int AUDIT_FILES_KEPT = 5;

  @Inject Settings settings;

  private SecurityConfig config;
  private RateLimiter rateLimiter;
  private ConcurrencyLimit concurrency;
  private final Refusals refusals = new Refusals();
  private Logger auditLogger;
  private AuditFile auditFile;
  private AuditLog audit;
  private Guard guard;

  @PostConstruct
  void start() {
    config = SecurityConfig.from(settings);
    auditLogger = Logger.getLogger(AuditLog.LOGGER_NAME);
    auditLogger.setLevel(java.util.logging.Level.INFO);
    config
        .auditLog()
        .ifPresent(
            file -> {
              auditFile = new AuditFile(file, AUDIT_FILE_BYTES, AUDIT_FILES_KEPT);
              auditLogger.addHandler(auditFile);
              auditLogger.setUseParentHandlers(false);
            });
    audit = new AuditLog(auditLogger, Clock.systemUTC());
    AccessRule accessRule =
        new AccessRule(
            config.authEnabled(), config.keys(), config.publicHealth(), config.publicMetrics());
    rateLimiter =
        new RateLimiter(config.ratePerSecond(), config.rateBurst(), MAX_BUCKETS, Ticker.system());
    concurrency = new ConcurrencyLimit(config.maxConcurrentRequests());
    guard = new Guard(accessRule, rateLimiter, concurrency, refusals, audit);
    if (!config.authEnabled()) {
      LOG.log(
          Level.WARNING,
          "\n*****************************************************************************\n"
              + "*  AUTHENTICATION IS DISABLED (MODEL_CACHE_AUTH=disabled): anyone who can   *\n"
              + "*  reach this port may predict, preload, unload and clear the cache. Use    *\n"
              + "*  this for a local try-out only; configure MODEL_CACHE_API_KEYS otherwise. *\n"
              + "*****************************************************************************");
    }
    LOG.log(Level.INFO, "security: {0}", config.describe());
    audit.record(AuditEvent.config(config.describe()));
  }

  /** Creates the bean when the application starts (CDI creates beans lazily otherwise). */
  void created(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // start() has run: observing an event on this bean instantiated it.
  }

  @PreDestroy
  void stop() {
    if (auditFile != null) {
      auditLogger.removeHandler(auditFile);
      auditLogger.setUseParentHandlers(true);
      auditFile.close();
    }
  }

  public SecurityConfig config() {
    return config;
  }

  public RateLimiter rateLimiter() {
    return rateLimiter;
  }

  public ConcurrencyLimit concurrency() {
    return concurrency;
  }

  public AuditLog audit() {
    return audit;
  }

  /** The checks before a request's body is read, for callers that keep it (a plain object). */
  public Guard guard() {
    return guard;
  }

  /** Requests refused so far, by kind. */
  public Refusals refusals() {
    return refusals;
  }
}
