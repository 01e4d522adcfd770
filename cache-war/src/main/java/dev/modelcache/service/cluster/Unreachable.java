package dev.modelcache.service.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Members that lately did not answer a forward, left out of routing for a while so that requests do
 * not each wait for the same dead member until the grid's failure detection removes it.
 * Thread-safe; at most one entry per member.
 */
final class Unreachable {
  private final Map<String, Long> until = new ConcurrentHashMap<>();
  private final LongSupplier nanoTime;
  private final long forNanos;

  /**
   * @param forNanos how long a member stays left out after a failed forward, in nanoseconds
   * @param nanoTime the clock ({@code System::nanoTime} in production)
   */
  Unreachable(long forNanos, LongSupplier nanoTime) {
    this.forNanos = forNanos;
    this.nanoTime = nanoTime;
  }

  /** Leaves {@code member} out from now on, for the configured time. */
  void mark(String member) {
    until.put(member, nanoTime.getAsLong() + forNanos);
  }

  /** Whether {@code member} is left out now. */
  boolean contains(String member) {
    Long end = until.get(member);
    if (end == null) {
      return false;
    }
    if (nanoTime.getAsLong() - end >= 0) {
      until.remove(member, end);
      return false;
    }
    return true;
  }
}
