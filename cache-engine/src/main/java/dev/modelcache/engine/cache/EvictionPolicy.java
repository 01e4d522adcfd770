package dev.modelcache.engine.cache;

import java.util.List;

/**
 * Chooses which model to evict. Called only under the cache's lock, so implementations need not be
 * thread-safe, but must be fast and must not call back into the cache. Pinned models are never
 * offered as candidates.
 */
public interface EvictionPolicy {

  /**
   * Picks the victim among {@code candidates}.
   *
   * @param candidates the evictable models; never empty
   * @return one of the candidates
   */
  EvictionCandidate selectVictim(List<EvictionCandidate> candidates);

  /** A short name for logs and statistics, e.g. {@code lru}. */
  String name();

  /** Least recently used first; ties go to the model loaded first. The seed's default. */
  static EvictionPolicy lru() {
    return LruPolicy.INSTANCE;
  }
}
