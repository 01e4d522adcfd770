package dev.modelcache.engine.inference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sequence classifier's answer for one text.
 *
 * @param label the most probable label
 * @param confidence its softmax probability, in {@code [0, 1]}
 * @param scores every label's probability, in class-index order; unmodifiable
 * @param logits the raw scores the model produced, by class index; owned by this record, not to be
 *     modified
 */
public record Classification(
    String label, float confidence, Map<String, Float> scores, float[] logits)
    implements Inference {

  public Classification {
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
  }

  /**
   * Applies a numerically stable softmax to one row of logits.
   *
   * @param logits raw scores, one per class
   * @param labels names of the classes, by index
   */
  static Classification fromLogits(float[] logits, LabelNames labels) {
    float max = Float.NEGATIVE_INFINITY;
    for (float logit : logits) {
      max = Math.max(max, logit);
    }
    double sum = 0;
    double[] exp = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      exp[i] = Math.exp(logits[i] - max);
      sum += exp[i];
    }
    Map<String, Float> scores = new LinkedHashMap<>();
    int best = 0;
    for (int i = 0; i < logits.length; i++) {
      scores.put(labels.label(i), (float) (exp[i] / sum));
      if (exp[i] > exp[best]) {
        best = i;
      }
    }
    return new Classification(
        labels.label(best), (float) (exp[best] / sum), scores, logits.clone());
  }

  /** Names of class indices. */
  @FunctionalInterface
  interface LabelNames {
    String label(int index);
  }
}
