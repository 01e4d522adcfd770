package dev.modelcache.engine.inference;

import java.util.List;
import java.util.Objects;

/**
 * A zero-shot classification: which of the candidate labels a text is about, asked of a natural
 * language inference model as transformers' zero-shot pipeline asks it. Each label becomes a
 * hypothesis (the template with the label in place of {@code {}}) paired with the text as premise.
 * Immutable.
 *
 * @param text the text to classify (the premise)
 * @param candidateLabels the labels to score, at least one
 * @param hypothesisTemplate the hypothesis with one {@code {}} where a label goes
 * @param multiLabel whether labels are scored each on its own (entailment against contradiction)
 *     rather than against each other
 */
public record ZeroShotQuery(
    String text, List<String> candidateLabels, String hypothesisTemplate, boolean multiLabel) {

  /** The pipeline's default template. */
  public static final String DEFAULT_TEMPLATE = "This example is {}.";

  public ZeroShotQuery {
    Objects.requireNonNull(text, "text");
    candidateLabels = List.copyOf(candidateLabels);
    if (candidateLabels.isEmpty()) {
      throw new IllegalArgumentException("candidateLabels must hold at least one label");
    }
    if (!hasOnePlaceholder(hypothesisTemplate)) {
      throw new IllegalArgumentException(
          "hypothesisTemplate must hold '{}' exactly once: " + hypothesisTemplate);
    }
  }

  /** Whether a template holds {@code {}} exactly once. */
  public static boolean hasOnePlaceholder(String template) {
    int first = template.indexOf("{}");
    return first >= 0 && template.indexOf("{}", first + 2) < 0;
  }

  /** The hypothesis for one label. */
  public String hypothesis(String label) {
    int at = hypothesisTemplate.indexOf("{}");
    return hypothesisTemplate.substring(0, at) + label + hypothesisTemplate.substring(at + 2);
  }

  /** One premise-hypothesis pair per candidate label, in the labels' order. */
  public List<TextPair> pairs() {
    return candidateLabels.stream().map(label -> new TextPair(text, hypothesis(label))).toList();
  }
}
