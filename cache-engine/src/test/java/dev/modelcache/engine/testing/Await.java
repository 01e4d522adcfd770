package dev.modelcache.engine.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way the tests wait for a condition that another thread, process or server brings about:
 * probe it, and between probes park for a pause that starts at 50 microseconds and doubles up to
 * 100 ms, so a condition reached at once is seen at once, a slow one costs no CPU (no spinning on 2
 * cores), and a server is not hammered. The limit bounds the wait; no test relies on a pause.
 * Stateless; the integration tests use it too (from this module's test jar).
 */
public final class Await {
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** A limit for conditions that hold within milliseconds when nothing is wrong: 20 s. */
  public static final Duration LIMIT = Duration.ofSeconds(20);

  private Await() {}

  /**
   * Returns once {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code limit}
   */
  public static void until(String what, Duration limit, BooleanSupplier condition) {
    until(what, limit, condition::getAsBoolean, Boolean::booleanValue);
  }

  /**
   * Probes until {@code done} holds for the probe's value, and returns that value.
   *
   * @throws AssertionError naming {@code what}, with the last value seen, if {@code limit} passes
   *     first
   */
  public static <T> T until(String what, Duration limit, Supplier<T> probe, Predicate<T> done) {
    long end = System.nanoTime() + limit.toNanos();
    long pause = FIRST_PAUSE_NANOS;
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError("not reached within " + limit + ": " + what + "; last: " + last);
      }
      LockSupport.parkNanos(pause);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what);
      }
      pause = Math.min(LONGEST_PAUSE_NANOS, pause * 2);
      last = probe.get();
    }
    return last;
  }
}
