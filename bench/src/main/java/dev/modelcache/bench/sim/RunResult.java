package dev.modelcache.bench.sim;

/**
 * What one replay of a trace under one policy and budget counted. Immutable; two replays that
 * behaved identically have equal results, which is how the engine cross-check compares them.
 *
 * @param budgetBytes the memory budget, in bytes
 * @param accesses requests replayed
 * @param hits requests that found their model loaded
 * @param misses requests that did not: {@code loads + rejected + refused}
 * @param hitBytes sum of the sizes of the models hit, in bytes
 * @param accessedBytes sum of the sizes of the models requested, in bytes
 * @param loads loads performed
 * @param loadNanos sum of the load times of those loads, in nanoseconds: the load-time penalty
 * @param evictedForSize models evicted to fit the memory budget
 * @param evictedForCount models evicted to respect the model-count limit
 * @param rejected misses on a model larger than the whole budget: never loaded
 * @param refused misses whose admission the admission rule refused: not loaded
 */
public record RunResult(
    long budgetBytes,
    long accesses,
    long hits,
    long misses,
    long hitBytes,
    long accessedBytes,
    long loads,
    long loadNanos,
    long evictedForSize,
    long evictedForCount,
    long rejected,
    long refused) {

  /** Hits over accesses, in [0, 1]. */
  public double hitRate() {
    return accesses == 0 ? 0 : (double) hits / accesses;
  }

  /** Bytes of the models hit over bytes of the models requested, in [0, 1]. */
  public double byteHitRate() {
    return accessedBytes == 0 ? 0 : (double) hitBytes / accessedBytes;
  }

  /** The load-time penalty, in seconds. */
  public double penaltySeconds() {
    return loadNanos / 1e9;
  }

  /** Models evicted, for either cause. */
  public long evictions() {
    return evictedForSize + evictedForCount;
  }
}
