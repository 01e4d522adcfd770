package dev.modelcache.engine.model.fake;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition another thread or process brings about, without sleeping. */
public final class Poll {
  private Poll() {}

  /**
   * Spins (yielding) until {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} if it does not hold within {@code limit}
   */
  public static void until(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + limit + ": " + what);
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
