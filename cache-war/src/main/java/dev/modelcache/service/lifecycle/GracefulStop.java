package dev.modelcache.service.lifecycle;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;

/**
 * What SIGTERM does, in order: readiness turns down at once; for the grace, new requests are still
 * served (a load balancer needs a moment to notice readiness and stop sending them); then new
 * requests are refused with 503 and {@code Retry-After} while those already taken (running and
 * queued) finish, for at most the drain time; then the process exits with status 143, as a process
 * killed by SIGTERM does. A second SIGTERM skips what is left and exits at once.
 *
 * <p>Thread-safe: the first signal runs the sequence on its own thread (the JVM starts one per
 * signal); a later one only exits.
 */
public final class GracefulStop {
  /** The status of a process ended by SIGTERM: 128 + 15. */
  public static final int EXIT_STATUS = 143;

  private static final System.Logger LOG = System.getLogger(GracefulStop.class.getName());

  /** Waits a while; {@link Thread#sleep} in the service, a gate in tests. */
  @FunctionalInterface
  public interface Pause {
    void sleep(Duration time) throws InterruptedException;
  }

  private final StopSettings settings;
  private final Drain drain;
  private final Runnable readinessDown;
  private final Pause pause;
  private final IntConsumer exit;
  private final AtomicBoolean signalled = new AtomicBoolean();

  /**
   * @param readinessDown makes readiness report down ("stopping")
   * @param exit ends the process with the status given
   */
  public GracefulStop(
      StopSettings settings, Drain drain, Runnable readinessDown, Pause pause, IntConsumer exit) {
    this.settings = settings;
    this.drain = drain;
    this.readinessDown = readinessDown;
    this.pause = pause;
    this.exit = exit;
  }

  /** Runs the stop; returns only if {@code exit} does (in tests). */
  public void onSignal() {
    if (!signalled.compareAndSet(false, true)) {
      LOG.log(
          Level.WARNING,
          "SIGTERM again: exiting now, {0} requests in progress",
          drain.inProgress());
      exit.accept(EXIT_STATUS);
      return;
    }
    readinessDown.run();
    drain.stopping();
    LOG.log(
        Level.INFO,
        "SIGTERM: readiness down; serving new requests for {0} s more"
            + " (MODEL_CACHE_STOP_GRACE_SECONDS), then refusing them while those taken finish",
        settings.grace().toSeconds());
    boolean idle = false;
    try {
      pause.sleep(settings.grace());
      drain.refuseNew();
      int taken = drain.inProgress();
      LOG.log(
          Level.INFO,
          "refusing new requests (503); waiting up to {0} s for {1} in progress"
              + " (MODEL_CACHE_DRAIN_SECONDS)",
          settings.drain().toSeconds(),
          taken);
      idle = drain.awaitIdle(settings.drain());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      idle = drain.inProgress() == 0;
    }
    if (idle) {
      LOG.log(
          Level.INFO,
          "every request taken has its answer; {0} refused while stopping; exiting",
          drain.refused());
    } else {
      LOG.log(
          Level.WARNING,
          "{0} requests still in progress after MODEL_CACHE_DRAIN_SECONDS; exiting anyway",
          drain.inProgress());
    }
    exit.accept(EXIT_STATUS);
  }
}
