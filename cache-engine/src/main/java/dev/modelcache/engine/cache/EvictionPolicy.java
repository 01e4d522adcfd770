package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Chooses which model to evict. The cache calls every method under its lock, so implementations
 * need not be thread-safe, but must be fast and must not call back into the cache. Pinned models
 * are never offered as candidates. A policy instance belongs to one cache (or one simulation).
 *
 * <p>The notification methods let a policy keep its own state (frequencies, priorities); a
 * stateless policy ignores them.
 */
public interface EvictionPolicy {

  /**
   * Picks the victim among {@code candidates}.
   *
   * @param candidates the evictable models; never empty
   * @param nowNanos the cache's {@link Ticker} reading
   * @return one of the candidates
   */
  EvictionCandidate selectVictim(List<EvictionCandidate> candidates, long nowNanos);

  /** A model entered the cache (its first access included). */
  default void onAdmit(EvictionCandidate model, long nowNanos) {}

  /** A loaded model was used again. */
  default void onAccess(ModelId id, long nowNanos) {}

  /** A model left the cache, for any cause. */
  default void onRemove(ModelId id, RemovalCause cause, long nowNanos) {}

  /** A short name for configuration, logs and statistics, e.g. {@code lru}. */
  String name();

  /** Least recently used first; ties go to the model loaded first. The seed's default. */
  static EvictionPolicy lru() {
    return LruPolicy.INSTANCE;
  }

  /**
   * Least frequently used, where each access counts {@code 2^(-age / halfLife)}: recent popularity
   * wins over old. Ties go to the least recently used.
   */
  static EvictionPolicy lfu(Duration halfLife) {
    return new LfuAgingPolicy(halfLife);
  }

  /**
   * Cost-aware (GreedyDual-Size-Frequency family): evicts the lowest {@code recentFrequency ×
   * loadSeconds / megabytes}, frequencies aging with the given half-life. See {@code
   * docs/eviction.md} for the formula's reasons and its simulated results.
   */
  static EvictionPolicy costAware(Duration halfLife) {
    return new CostAwarePolicy(halfLife);
  }

  /** {@link #costAware(Duration)} with a half-life of 10 minutes. */
  static EvictionPolicy costAware() {
    return costAware(Duration.ofMinutes(10));
  }

  /**
   * A policy by configuration name: {@code lru}, {@code lfu} (half-life 10 minutes) or {@code
   * cost-aware} (also {@code gdsf}).
   *
   * @throws IllegalArgumentException for any other name
   */
  static EvictionPolicy named(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "lru" -> lru();
      case "lfu" -> lfu(Duration.ofMinutes(10));
      case "cost-aware", "gdsf" -> costAware();
      default ->
          throw new IllegalArgumentException(
              "unknown eviction policy '" + name + "': expected lru, lfu or cost-aware");
    };
  }
}
