package dev.modelcache.bench.sim;

import java.util.Arrays;
import java.util.Random;

/**
 * Draws ranks {@code 0..n-1} with probability proportional to {@code 1 / (rank + 1)^exponent}: rank
 * 0 is the most popular. Immutable; the randomness comes from the caller's {@link Random}, so a
 * seeded generator gives the same sequence on every JVM.
 */
final class Zipf {
  private final double[] cumulative;

  /**
   * @param n number of ranks, {@code >= 1}
   * @param exponent skew, {@code >= 0}; 0 is uniform, about 1 is typical of request logs
   */
  Zipf(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1: " + n);
    }
    if (!(exponent >= 0)) {
      throw new IllegalArgumentException("exponent must be >= 0: " + exponent);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += 1 / Math.pow(k + 1, exponent);
      cumulative[k] = sum;
    }
    for (int k = 0; k < n; k++) {
      cumulative[k] /= sum;
    }
    cumulative[n - 1] = 1.0;
  }

  /** The next rank, from 0. */
  int sample(Random random) {
    int i = Arrays.binarySearch(cumulative, random.nextDouble());
    return i >= 0 ? i : -i - 1;
  }

  /** The probability of {@code rank}. */
  double probability(int rank) {
    return cumulative[rank] - (rank == 0 ? 0 : cumulative[rank - 1]);
  }
}
