package dev.modelcache.service.metrics;

/**
 * Events per second over the last minute, in one-second buckets. Thread-safe (synchronized; one
 * short critical section per request).
 */
final class Throughput {
  private static final int SECONDS = 60;
  private final long[] counts = new long[SECONDS];
  private final long[] bucketSecond = new long[SECONDS];

  synchronized void record(long nowNanos, long events) {
    long second = nowNanos / 1_000_000_000L;
    int slot = (int) Math.floorMod(second, (long) SECONDS);
    if (bucketSecond[slot] != second) {
      bucketSecond[slot] = second;
      counts[slot] = 0;
    }
    counts[slot] += events;
  }

  /** Mean events per second over the last {@value #SECONDS} seconds. */
  synchronized double perSecond(long nowNanos) {
    long second = nowNanos / 1_000_000_000L;
    long total = 0;
    for (int i = 0; i < SECONDS; i++) {
      if (second - bucketSecond[i] < SECONDS) {
        total += counts[i];
      }
    }
    return total / (double) SECONDS;
  }
}
