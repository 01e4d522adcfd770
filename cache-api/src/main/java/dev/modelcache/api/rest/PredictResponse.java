package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.Map;

/**
 * One text's result. A classifier fills {@code prediction}, {@code confidence} and {@code scores};
 * an embedding model fills {@code embedding}. Fields that do not apply are absent.
 *
 * @param prediction the top label (classifiers)
 * @param confidence its probability in [0, 1] (classifiers)
 * @param scores every label's probability, in class order (classifiers)
 * @param embedding the L2-normalised vector (embedding models)
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
    @JsonbProperty("embedding") float[] embedding,
    @JsonbProperty("model_name") String modelName,
    @JsonbProperty("processing_time_ms") double processingTimeMs,
    @JsonbProperty("cached") boolean cached,
    @JsonbProperty("response_cached") boolean responseCached) {}
