package dev.modelcache.engine.generation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Chooses each next token of one sequence by its {@link Sampling}. Greedy takes the first of the
 * highest logits (as {@code torch.argmax}). Sampling works in double precision: softmax of {@code
 * logits / temperature}; the tokens sorted by probability (ties by id) and cut after the first
 * whose running sum reaches {@code top_p}; one draw of a {@link SplittableRandom} seeded with the
 * request's seed (an algorithm the JDK specifies, so a seed gives the same draws on every JVM). Not
 * thread-safe: one per sequence.
 */
final class TokenChoice {
  private final Sampling sampling;
  private final SplittableRandom random;

  TokenChoice(Sampling sampling) {
    this.sampling = sampling;
    this.random = sampling.isGreedy() ? null : new SplittableRandom(sampling.seed().orElseThrow());
  }

  /** The token to append, given the logits of the next position. */
  int choose(float[] logits) {
    return sampling.isGreedy() ? argmax(logits) : sample(logits);
  }

  /** The index of the first highest value; NaN logits are a broken model. */
  static int argmax(float[] logits) {
    int best = 0;
    for (int i = 0; i < logits.length; i++) {
      if (Float.isNaN(logits[i])) {
        throw new IllegalStateException("the model produced NaN logits");
      }
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  private int sample(float[] logits) {
    int n = logits.length;
    double max = logits[argmax(logits)];
    double[] weights = new double[n];
    for (int i = 0; i < n; i++) {
      weights[i] = Math.exp((logits[i] - max) / sampling.temperature());
    }
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    int[] order = new int[n];
    Arrays.setAll(order, i -> i);
    int kept = n;
    double sum = total;
    if (sampling.topP() < 1) {
      // Sorting the whole vocabulary is needed only for a nucleus; ties go to the lower id.
      order =
          Arrays.stream(order)
              .boxed()
              .sorted((a, b) -> compare(weights, a, b))
              .mapToInt(Integer::intValue)
              .toArray();
      kept = 0;
      sum = 0;
      while (kept < n) {
        sum += weights[order[kept++]];
        if (sum >= sampling.topP() * total) {
          break;
        }
      }
    }
    double draw = random.nextDouble() * sum;
    double running = 0;
    for (int k = 0; k < kept; k++) {
      running += weights[order[k]];
      if (draw < running) {
        return order[k];
      }
    }
    return order[kept - 1];
  }

  /** Higher weight first, then lower id. */
  private static int compare(double[] weights, int a, int b) {
    int byWeight = Double.compare(weights[b], weights[a]);
    return byWeight != 0 ? byWeight : Integer.compare(a, b);
  }
}
