package dev.modelcache.engine.batching;

/**
 * A snapshot of the response cache's counters since start.
 *
 * @param enabled whether responses are cached at all ({@code RESPONSE_CACHE_MB} > 0)
 * @param hits texts answered from the cache
 * @param misses texts looked up and not found
 * @param evictions entries dropped to stay under the size bound
 * @param invalidations entries dropped because their model was unloaded, evicted or reloaded
 * @param entries entries held now (approximate)
 * @param bytes estimated bytes held now
 * @param maxBytes the size bound in bytes
 */
public record ResponseCacheStats(
    boolean enabled,
    long hits,
    long misses,
    long evictions,
    long invalidations,
    long entries,
    long bytes,
    long maxBytes) {

  /** Hits over lookups, in [0, 1]; 0 before the first lookup. */
  public double hitRate() {
    long lookups = hits + misses;
    return lookups == 0 ? 0 : (double) hits / lookups;
  }
}
