package dev.modelcache.bench.sim;

import dev.modelcache.api.InsufficientMemoryException;
import dev.modelcache.engine.cache.AdmissionRule;
import dev.modelcache.engine.cache.CacheConfig;
import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.engine.cache.EvictionPolicy;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.cache.RemovalCause;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Replays a trace through the real {@link ModelCache}, over models that exist only as sizes (see
 * {@link TraceModels}), and reads the result from the cache's own {@link CacheStats}: the engine as
 * one more policy. Time follows {@link Simulator}'s rules: {@link Simulator#GAP_NANOS} before each
 * request, and the load time inside each load. Given the same trace, budget and policy, the result
 * must equal {@link Simulator#replay}'s; where it does not, the simulator's numbers do not describe
 * the engine.
 *
 * <p>Requests run one at a time on the calling thread, so the cache's concurrency is not exercised
 * here (its stress test does that). Immutable; each {@link #replay} builds its own cache.
 */
public final class EngineReplay {
  private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  /** Held so that the level set by {@link #quietEngineLog()} is not lost to garbage collection. */
  private static final Logger ENGINE_CACHE_LOG = Logger.getLogger("dev.modelcache.engine.cache");

  private final long budgetBytes;
  private final int maxModels;

  /**
   * @param budgetBytes the cache's memory budget, in bytes, {@code >= 1}
   * @param maxModels the cache's model-count limit, {@code >= 1}
   */
  public EngineReplay(long budgetBytes, int maxModels) {
    this.budgetBytes = budgetBytes;
    this.maxModels = maxModels;
  }

  /**
   * Turns the engine's cache log down to {@code SEVERE}: it writes a line per load and eviction,
   * tens of thousands per replay. Process-wide; for the simulator's main and tests.
   */
  public static void quietEngineLog() {
    ENGINE_CACHE_LOG.setLevel(Level.SEVERE);
  }

  /** Replays with every admission allowed. */
  public RunResult replay(Trace trace, EvictionPolicy policy) {
    return replay(trace, policy, AdmissionRule.admitAll());
  }

  /** Replays {@code trace} through a new cache with fresh {@code policy} and {@code admission}. */
  public RunResult replay(Trace trace, EvictionPolicy policy, AdmissionRule admission) {
    TraceModels.ManualTicker ticker = new TraceModels.ManualTicker(Simulator.START_NANOS);
    TraceModels.ResidentSet residentSet = new TraceModels.ResidentSet();
    TraceModels.Loader loader = new TraceModels.Loader(ticker, residentSet);
    CacheConfig config =
        CacheConfig.builder()
            .maxModels(maxModels)
            .maxMemoryBytes(budgetBytes)
            .policy(policy)
            .admissionRule(admission)
            .ticker(ticker)
            .clock(Clock.fixed(EPOCH, ZoneOffset.UTC))
            .memoryProbe(residentSet)
            .build();
    Clairvoyant seer = policy instanceof Clairvoyant c ? c : null;
    long hitBytes = 0;
    long accessedBytes = 0;
    try (ModelCache cache = new ModelCache(loader, config)) {
      for (int i = 0; i < trace.size(); i++) {
        Access access = trace.get(i);
        ticker.advance(Simulator.GAP_NANOS);
        if (seer != null) {
          seer.at(i);
        }
        loader.serve(access);
        accessedBytes += access.bytes();
        try (ModelLease lease = cache.acquire(access.model())) {
          if (lease.wasCached()) {
            hitBytes += access.bytes();
          }
        } catch (InsufficientMemoryException rejectedOrRefused) {
          // Counted by the cache: rejectedCount, and churn's thrashRefusedCount for refusals.
        }
      }
      CacheStats stats = cache.stats();
      long refused = stats.churn().thrashRefusedCount();
      return new RunResult(
          budgetBytes,
          trace.size(),
          stats.hitCount(),
          stats.missCount(),
          hitBytes,
          accessedBytes,
          stats.loadSuccessCount(),
          stats.totalLoadNanos(),
          stats.evictions().get(RemovalCause.EVICTED_SIZE),
          stats.evictions().get(RemovalCause.EVICTED_COUNT),
          stats.rejectedCount() - refused,
          refused);
    }
  }
}
