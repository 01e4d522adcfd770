package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;

/**
 * {@code POST /predict}: one text for one model.
 *
 * @param text the text to classify or embed
 * @param modelName a model name: {@code name}, {@code org/name} or {@code org/name@revision}
 */
public record PredictRequest(
    @JsonbProperty("text") String text, @JsonbProperty("model_name") String modelName) {}
