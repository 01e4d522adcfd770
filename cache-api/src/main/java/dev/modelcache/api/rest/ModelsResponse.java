package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/**
 * {@code GET /models}.
 *
 * @param loaded the models in memory
 * @param available names of every model the configured sources can serve
 * @param cluster the whole cluster, when clustering is on; null (left out of the JSON) otherwise
 */
public record ModelsResponse(
    @JsonbProperty("loaded") List<ModelInfo> loaded,
    @JsonbProperty("available") List<String> available,
    @JsonbProperty("cluster") ClusterInfo cluster) {}
