package dev.modelcache.it.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a condition that the service reaches asynchronously (readiness after start-up) until it
 * holds or a deadline passes. The deadline bounds the wait; the short pause between probes only
 * keeps the poll from hammering the server, it is never what a test relies on.
 */
public final class Poll {
  private static final Duration PAUSE = Duration.ofMillis(100);

  private Poll() {}

  /**
   * Probes until {@code done} holds for the probe's value, and returns that value.
   *
   * @param what the condition, for the failure message
   * @param deadline the longest to keep probing
   * @throws AssertionError with the last value seen if the deadline passes first
   */
  public static <T> T until(String what, Duration deadline, Supplier<T> probe, Predicate<T> done) {
    long end = System.nanoTime() + deadline.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() - end > 0) {
        throw new AssertionError(
            "not reached within " + deadline.toSeconds() + " s: " + what + "; last: " + last);
      }
      try {
        TimeUnit.NANOSECONDS.sleep(PAUSE.toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until " + what, e);
      }
      last = probe.get();
    }
    return last;
  }
}
