package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/**
 * {@code POST /predict/batch}: several texts for one model.
 *
 * @param texts the texts, answered in this order
 * @param modelName a model name
 */
public record BatchPredictRequest(
    @JsonbProperty("texts") List<String> texts, @JsonbProperty("model_name") String modelName) {}
