package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;

/**
 * The response cache, since start ({@code /stats}).
 *
 * @param enabled whether responses are cached ({@code RESPONSE_CACHE_MB} > 0)
 * @param hits texts answered from it
 * @param misses texts looked up and not found
 * @param hitRate hits over lookups, in [0, 1]
 * @param entries texts held now
 * @param sizeMb estimated size now, in MiB
 * @param maxSizeMb its bound, in MiB
 * @param evictions entries dropped to stay under the bound
 * @param invalidations entries dropped because their model was unloaded, evicted or reloaded
 */
public record ResponseCacheInfo(
    @JsonbProperty("enabled") boolean enabled,
    @JsonbProperty("hits") long hits,
    @JsonbProperty("misses") long misses,
    @JsonbProperty("hit_rate") double hitRate,
    @JsonbProperty("entries") long entries,
    @JsonbProperty("size_mb") double sizeMb,
    @JsonbProperty("max_size_mb") double maxSizeMb,
    @JsonbProperty("evictions") long evictions,
    @JsonbProperty("invalidations") long invalidations) {}
