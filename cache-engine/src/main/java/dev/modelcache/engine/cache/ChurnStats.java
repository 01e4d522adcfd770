package dev.modelcache.engine.cache;

/**
 * How much the cache churns: what misses cost and how long models stayed. Part of {@link
 * CacheStats}; all durations in nanoseconds.
 *
 * @param missLatencyCount misses that ended with a model (their own load or a shared one)
 * @param missLatencyTotalNanos time those requests waited for their model, summed
 * @param missLatencyMaxNanos the longest such wait
 * @param evictionCount evictions by the policy (size or count) measured below
 * @param evictionAgeTotalNanos time from load to eviction, summed over those evictions
 * @param evictionIdleTotalNanos time from last use to eviction, summed over those evictions
 * @param reloadCount loads of a model that had been evicted before
 * @param bytesLoadedLastHour charged bytes of the loads in the last hour
 * @param thrashRiskCount admissions the admission rule flagged as a thrash risk
 * @param thrashRefusedCount of those, admissions it refused
 */
public record ChurnStats(
    long missLatencyCount,
    long missLatencyTotalNanos,
    long missLatencyMaxNanos,
    long evictionCount,
    long evictionAgeTotalNanos,
    long evictionIdleTotalNanos,
    long reloadCount,
    long bytesLoadedLastHour,
    long thrashRiskCount,
    long thrashRefusedCount) {

  /** Mean wait of a miss for its model; 0 before the first. */
  public double averageMissLatencyNanos() {
    return missLatencyCount == 0 ? 0 : (double) missLatencyTotalNanos / missLatencyCount;
  }

  /** Mean time a model stayed loaded before the policy evicted it; 0 before the first. */
  public double averageEvictionAgeNanos() {
    return evictionCount == 0 ? 0 : (double) evictionAgeTotalNanos / evictionCount;
  }

  /** Mean time since last use when the policy evicted a model; 0 before the first. */
  public double averageEvictionIdleNanos() {
    return evictionCount == 0 ? 0 : (double) evictionIdleTotalNanos / evictionCount;
  }
}
