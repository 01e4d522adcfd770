package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import java.util.List;

/**
 * {@code POST /predict/batch}'s answer.
 *
 * @param predictions one result per text, in input order
 * @param modelName the model that answered
 * @param totalTexts how many texts were run
 * @param processingTimeMs time spent in the service for the whole batch, in milliseconds
 * @param cached whether the model was already loaded when the request arrived
 * @param responseCacheHits how many of the texts were answered from the response cache (each
 *     prediction says which)
 */
@JsonbPropertyOrder({
  "predictions",
  "modelName",
  "totalTexts",
  "processingTimeMs",
  "cached",
  "responseCacheHits"
})
public record BatchPredictResponse(
    @JsonbProperty("predictions") List<PredictResponse> predictions,
    @JsonbProperty("model_name") String modelName,
    @JsonbProperty("total_texts") int totalTexts,
    @JsonbProperty("processing_time_ms") double processingTimeMs,
    @JsonbProperty("cached") boolean cached,
    @JsonbProperty("response_cache_hits") int responseCacheHits) {}
