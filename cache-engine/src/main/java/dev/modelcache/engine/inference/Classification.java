package dev.modelcache.engine.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sequence classifier's answer for one text.
 *
 * <p>A single-label model's scores are a softmax over its labels; a multi-label model's ({@code
 * problem_type: multi_label_classification}) are one sigmoid per label, each on its own, and its
 * answer also lists every label whose score reaches {@link #THRESHOLD}.
 *
 * @param label the most probable label
 * @param confidence its probability, in {@code [0, 1]}
 * @param scores every label's probability, in class-index order; unmodifiable
 * @param logits the raw scores the model produced, by class index; owned by this record, not to be
 *     modified
 * @param multiLabel whether the scores are independent sigmoids
 * @param labels multi-label answers: the labels scoring at least {@link #THRESHOLD}, highest first
 *     (possibly none); empty for single-label answers
 */
public record Classification(
    String label,
    float confidence,
    Map<String, Float> scores,
    float[] logits,
    boolean multiLabel,
    List<String> labels)
    implements Inference {

  /** The score from which a multi-label answer lists a label: 0.5. */
  public static final float THRESHOLD = 0.5f;

  public Classification {
    scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    labels = List.copyOf(labels);
  }

  /** A single-label answer. */
  public Classification(String label, float confidence, Map<String, Float> scores, float[] logits) {
    this(label, confidence, scores, logits, false, List.of());
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

  /**
   * Applies a sigmoid to each logit on its own (a multi-label model).
   *
   * @param logits raw scores, one per class
   * @param labels names of the classes, by index
   */
  static Classification fromMultiLabelLogits(float[] logits, LabelNames labels) {
    Map<String, Float> scores = new LinkedHashMap<>();
    List<Integer> over = new ArrayList<>();
    float[] probabilities = new float[logits.length];
    int best = 0;
    for (int i = 0; i < logits.length; i++) {
      probabilities[i] = (float) (1.0 / (1.0 + Math.exp(-logits[i])));
      scores.put(labels.label(i), probabilities[i]);
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
      if (probabilities[i] >= THRESHOLD) {
        over.add(i);
      }
    }
    over.sort(Comparator.comparingDouble(i -> -probabilities[i]));
    return new Classification(
        labels.label(best),
        probabilities[best],
        scores,
        logits.clone(),
        true,
        over.stream().map(labels::label).toList());
  }

  /** Names of class indices. */
  @FunctionalInterface
  interface LabelNames {
    String label(int index);
  }
}
