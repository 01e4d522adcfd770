package dev.modelcache.engine.cache;

/** Why a model left the cache. Every removal has exactly one. */
public enum RemovalCause {
  /** Evicted to make room in the memory budget. */
  EVICTED_SIZE,
  /** Evicted because the cache held its maximum number of models. */
  EVICTED_COUNT,
  /** Unloaded on request: an unload, a clear, or shutdown. */
  EXPLICIT;

  /** Whether the policy, not a user, chose this removal. */
  public boolean wasEvicted() {
    return this != EXPLICIT;
  }
}
