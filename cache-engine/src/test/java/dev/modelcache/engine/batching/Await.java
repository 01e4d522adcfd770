package dev.modelcache.engine.batching;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition that other threads make true, by polling it every 0.1 ms (never a fixed
 * sleep that hopes the condition holds afterwards).
 */
final class Await {
  private Await() {}

  /** Returns once {@code condition} holds; fails the test after {@code limit}. */
  static void until(String what, BooleanSupplier condition, Duration limit) {
    long end = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out after " + limit + " waiting until " + what);
      }
      LockSupport.parkNanos(100_000);
    }
  }

  static void until(String what, BooleanSupplier condition) {
    until(what, condition, Duration.ofSeconds(20));
  }
}
