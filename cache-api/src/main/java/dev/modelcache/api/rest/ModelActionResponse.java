package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;

/**
 * The answer to a preload or an unload.
 *
 * @param status {@code loaded}, {@code already_loaded}, {@code unloaded} or {@code not_loaded}
 * @param modelName the model
 * @param pinned whether it is pinned now
 */
public record ModelActionResponse(
    @JsonbProperty("status") String status,
    @JsonbProperty("model_name") String modelName,
    @JsonbProperty("pinned") boolean pinned) {}
