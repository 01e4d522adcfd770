package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;

/**
 * {@code POST /clear-cache}.
 *
 * @param status {@code cleared}
 * @param modelsUnloaded how many models were unloaded
 * @param pinnedKept how many pinned models stayed
 */
public record ClearCacheResponse(
    @JsonbProperty("status") String status,
    @JsonbProperty("models_unloaded") int modelsUnloaded,
    @JsonbProperty("pinned_kept") int pinnedKept) {}
