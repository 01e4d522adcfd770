package dev.modelcache.engine.cache;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable, consistent snapshot of the cache: all figures were read under one lock.
 *
 * @param hitCount requests that found their model loaded
 * @param missCount requests that had to wait for a load (their own or a shared one)
 * @param loadSuccessCount loads that entered the cache
 * @param loadFailureCount loads that failed (corrupt or unsupported files)
 * @param rejectedCount loads refused for lack of memory
 * @param totalLoadNanos time spent in successful loads, in nanoseconds
 * @param evictions removals by cause
 * @param usedBytes memory charged to loaded models, in bytes
 * @param reservedBytes memory set aside for the load in progress, in bytes (0 when none)
 * @param budgetBytes the memory budget, in bytes
 * @param maxModels the most models held at once
 * @param loadsInFlight loads in progress (0 or 1: loads are serialised)
 * @param closedCount models whose native memory has been freed
 * @param reclaimedBytes total resident-set shrinkage measured when those models were freed
 * @param closedChargedBytes total bytes those models had been charged
 * @param churn miss latency, eviction ages, reloads, bytes loaded, thrash-guard counts
 * @param models the loaded models, by name
 */
public record CacheStats(
    long hitCount,
    long missCount,
    long loadSuccessCount,
    long loadFailureCount,
    long rejectedCount,
    long totalLoadNanos,
    Map<RemovalCause, Long> evictions,
    long usedBytes,
    long reservedBytes,
    long budgetBytes,
    int maxModels,
    int loadsInFlight,
    long closedCount,
    long reclaimedBytes,
    long closedChargedBytes,
    ChurnStats churn,
    List<ModelStats> models) {

  public CacheStats {
    EnumMap<RemovalCause, Long> all = new EnumMap<>(RemovalCause.class);
    for (RemovalCause cause : RemovalCause.values()) {
      all.put(cause, evictions.getOrDefault(cause, 0L));
    }
    evictions = java.util.Collections.unmodifiableMap(all);
    models = List.copyOf(models);
  }

  /** Requests counted: hits plus misses. */
  public long requestCount() {
    return hitCount + missCount;
  }

  /** Hits over requests, in {@code [0, 1]}; 0 before the first request. */
  public double hitRate() {
    long requests = requestCount();
    return requests == 0 ? 0 : (double) hitCount / requests;
  }

  /** Models removed by the policy (size or count), not by users. */
  public long evictionCount() {
    return evictions.entrySet().stream()
        .filter(e -> e.getKey().wasEvicted())
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** Mean duration of a successful load, in nanoseconds; 0 before the first. */
  public double averageLoadNanos() {
    return loadSuccessCount == 0 ? 0 : (double) totalLoadNanos / loadSuccessCount;
  }

  /** Number of models loaded. */
  public int modelsLoaded() {
    return models.size();
  }
}
