package dev.modelcache.engine.cache;

import java.util.Comparator;
import java.util.List;

/** Evicts the model whose last use is oldest. Stateless: recency lives in the candidates. */
final class LruPolicy implements EvictionPolicy {
  static final LruPolicy INSTANCE = new LruPolicy();

  private static final Comparator<EvictionCandidate> OLDEST_FIRST =
      Comparator.comparingLong(EvictionCandidate::lastAccessNanos)
          .thenComparingLong(EvictionCandidate::loadedAtNanos)
          .thenComparing(EvictionCandidate::id);

  private LruPolicy() {}

  @Override
  public EvictionCandidate selectVictim(List<EvictionCandidate> candidates, long nowNanos) {
    return candidates.stream().min(OLDEST_FIRST).orElseThrow();
  }

  @Override
  public String name() {
    return "lru";
  }
}
