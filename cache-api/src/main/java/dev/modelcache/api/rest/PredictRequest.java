package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/**
 * {@code POST /predict}: one text for one model. With {@code candidate_labels}, a zero-shot
 * classification: a natural-language-inference model scores each label as a hypothesis about the
 * text.
 *
 * @param text the text to classify or embed
 * @param modelName a model name: {@code name}, {@code org/name} or {@code org/name@revision}
 * @param candidateLabels zero-shot only: the labels to score; null for an ordinary prediction
 * @param hypothesisTemplate zero-shot only: the hypothesis with {@code {}} where a label goes; null
 *     for the default, {@code "This example is {}."}
 * @param multiLabel zero-shot only: score each label on its own (true) or against each other
 *     (false, the default); null for the default
 */
public record PredictRequest(
    @JsonbProperty("text") String text,
    @JsonbProperty("model_name") String modelName,
    @JsonbProperty("candidate_labels") List<String> candidateLabels,
    @JsonbProperty("hypothesis_template") String hypothesisTemplate,
    @JsonbProperty("multi_label") Boolean multiLabel) {

  /** An ordinary prediction: a text and a model. */
  public PredictRequest(String text, String modelName) {
    this(text, modelName, null, null, null);
  }
}
