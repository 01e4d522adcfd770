package dev.modelcache.engine.cache;

/**
 * Receives {@link CacheEvent}s. Called after the cache's lock is released, on whichever thread
 * caused the event; must be thread-safe and quick, and must not throw.
 */
@FunctionalInterface
public interface CacheListener {

  void onEvent(CacheEvent event);

  /** A listener that ignores everything. */
  static CacheListener none() {
    return event -> {};
  }
}
