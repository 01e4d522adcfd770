package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/**
 * {@code GET /models}.
 *
 * @param loaded the models in memory
 * @param available names of every model the configured sources can serve
 */
public record ModelsResponse(
    @JsonbProperty("loaded") List<ModelInfo> loaded,
    @JsonbProperty("available") List<String> available) {}
