package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;

/**
 * One recent event of one model.
 *
 * @param timestamp when, ISO-8601
 * @param modelName the model
 * @param event {@code loaded}, {@code load_failed}, {@code rejected}, {@code evicted}, {@code
 *     unloaded} or {@code closed}
 * @param message one human-readable line with sizes, causes and times
 */
public record LogEntry(
    @JsonbProperty("timestamp") String timestamp,
    @JsonbProperty("model_name") String modelName,
    @JsonbProperty("event") String event,
    @JsonbProperty("message") String message) {}
