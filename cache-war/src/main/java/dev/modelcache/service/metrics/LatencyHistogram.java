package dev.modelcache.service.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus-style histogram of request durations with fixed buckets, in seconds. Lock-free; a
 * reader may see a sample counted in a bucket before the sum, which Prometheus tolerates.
 */
final class LatencyHistogram {
  /** Upper bounds in seconds, from 1 ms to 30 s; the implicit last bucket is +Inf. */
  static final double[] BOUNDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30
  };

  private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS.length + 1);
  private final LongAdder sumNanos = new LongAdder();
  private final LongAdder texts = new LongAdder();

  void record(long nanos, int textCount) {
    double seconds = nanos / 1e9;
    int i = 0;
    while (i < BOUNDS.length && seconds > BOUNDS[i]) {
      i++;
    }
    buckets.incrementAndGet(i);
    sumNanos.add(nanos);
    texts.add(textCount);
  }

  /** Cumulative count of samples at or below each bound, then the total (+Inf). */
  long[] cumulative() {
    long[] out = new long[BOUNDS.length + 1];
    long running = 0;
    for (int i = 0; i < out.length; i++) {
      running += buckets.get(i);
      out[i] = running;
    }
    return out;
  }

  double sumSeconds() {
    return sumNanos.sum() / 1e9;
  }

  long texts() {
    return texts.sum();
  }
}
