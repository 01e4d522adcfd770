package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * One text's result. A classifier fills {@code prediction}, {@code confidence} and {@code scores}
 * (and {@code labels} if it is multi-label); an embedding model fills {@code embedding}; a
 * zero-shot request gets its candidate labels in {@code scores}, most probable first. Fields that
 * do not apply are absent.
 *
 * @param prediction the top label (classifiers, zero-shot)
 * @param confidence its probability in [0, 1] (classifiers, zero-shot)
 * @param scores every label's probability: in class order for classifiers, highest first for
 *     zero-shot answers
 * @param labels multi-label answers (a {@code multi_label_classification} model, or zero-shot with
 *     {@code multi_label}): every label scoring at least 0.5, highest first; possibly empty
 * @param embedding the vector (embedding models), L2-normalised when the model asks for it
 * @param modelName the model that answered
 * @param processingTimeMs time spent in the service for this request, in milliseconds
 * @param cached whether the model was already loaded when the request arrived
 * @param responseCached whether this text's result came from the response cache (the same text was
 *     answered recently by the same load of the model), without running the model
 */
@JsonbPropertyOrder({
  "prediction",
  "confidence",
  "scores",
  "labels",
  "embedding",
  "modelName",
  "processingTimeMs",
  "cached",
  "responseCached"
})
public record PredictResponse(
    @JsonbProperty("prediction") String prediction,
    @JsonbProperty("confidence") Double confidence,
    @JsonbProperty("scores") Map<String, Double> scores,
    @JsonbProperty("labels") List<String> labels,
    @JsonbProperty("embedding") float[] embedding,
    @JsonbProperty("model_name") String modelName,
    @JsonbProperty("processing_time_ms") double processingTimeMs,
    @JsonbProperty("cached") boolean cached,
    @JsonbProperty("response_cached") boolean responseCached) {}
