package dev.modelcache.engine.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The answer to a {@link ZeroShotQuery}: its candidate labels, most probable first, with their
 * scores. As transformers' zero-shot pipeline computes them from the NLI model's logits for each
 * premise-hypothesis pair: a softmax of the entailment logits across the labels (they sum to 1);
 * or, for a multi-label query or a single label, per label a softmax of its contradiction and
 * entailment logits (each in [0, 1] on its own). Immutable.
 *
 * @param labels the candidate labels, highest score first (ties in the query's order)
 * @param scores their scores, in the same order
 * @param multiLabel whether the query asked for independent scores
 */
public record ZeroShotResult(List<String> labels, List<Float> scores, boolean multiLabel) {

  public ZeroShotResult {
    labels = List.copyOf(labels);
    scores = List.copyOf(scores);
  }

  /** The most probable label. */
  public String label() {
    return labels.get(0);
  }

  /** Its score. */
  public float confidence() {
    return scores.get(0);
  }

  /** Multi-label answers: the labels scoring at least {@link Classification#THRESHOLD}. */
  public List<String> selected() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < labels.size() && multiLabel; i++) {
      if (scores.get(i) >= Classification.THRESHOLD) {
        out.add(labels.get(i));
      }
    }
    return out;
  }

  /**
   * Which class of an NLI model means entailment: the first label starting with "entail" in any
   * case, as the pipeline looks for it.
   *
   * @return its index, or -1 if no label does
   */
  public static int entailmentIndex(List<String> modelLabels) {
    for (int i = 0; i < modelLabels.size(); i++) {
      if (modelLabels.get(i).toLowerCase(Locale.ROOT).startsWith("entail")) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Scores the candidate labels from the model's logits for their pairs.
   *
   * @param query the query whose pairs were run
   * @param logits one row of class logits per candidate label, in the query's order
   * @param entailment the entailment class, from {@link #entailmentIndex}
   */
  public static ZeroShotResult score(ZeroShotQuery query, List<float[]> logits, int entailment) {
    int n = query.candidateLabels().size();
    if (logits.size() != n) {
      throw new IllegalArgumentException(n + " labels but " + logits.size() + " rows of logits");
    }
    double[] scores = new double[n];
    boolean independent = query.multiLabel() || n == 1;
    if (independent) {
      for (int i = 0; i < n; i++) {
        float[] row = logits.get(i);
        // The pipeline's contradiction class: the first, or the last if entailment is the first.
        double contradiction = row[entailment == 0 ? row.length - 1 : 0];
        scores[i] = 1.0 / (1.0 + Math.exp(contradiction - row[entailment]));
      }
    } else {
      double max = Double.NEGATIVE_INFINITY;
      for (float[] row : logits) {
        max = Math.max(max, row[entailment]);
      }
      double sum = 0;
      for (int i = 0; i < n; i++) {
        scores[i] = Math.exp(logits.get(i)[entailment] - max);
        sum += scores[i];
      }
      for (int i = 0; i < n; i++) {
        scores[i] /= sum;
      }
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingDouble(i -> -scores[i]));
    return new ZeroShotResult(
        order.stream().map(query.candidateLabels()::get).toList(),
        order.stream().map(i -> (float) scores[i]).toList(),
        query.multiLabel());
  }
}
