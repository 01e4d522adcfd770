package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One load in progress, shared by every request that missed on the same model (single flight). The
 * first request runs the load; the others wait here. Each holder is counted, under the cache's
 * lock, before the entry becomes visible, so the entry starts with one reference per holder and
 * cannot be closed under any of them.
 */
final class LoadFlight {
  final ModelId id;
  private final CompletableFuture<CacheEntry> result = new CompletableFuture<>();

  // Guarded by ModelCache.lock.
  int holders;
  int requests;
  boolean pin;

  LoadFlight(ModelId id) {
    this.id = id;
  }

  void complete(CacheEntry entry) {
    result.complete(entry);
  }

  void fail(RuntimeException error) {
    result.completeExceptionally(error);
  }

  /**
   * Waits for the load. If the wait is interrupted, the reference reserved for this holder is
   * handed back once the load completes, so an abandoned wait leaks nothing.
   *
   * @throws RuntimeException the load's own typed failure
   */
  CacheEntry await(ModelCache cache) {
    try {
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.thenAccept(cache::release);
      throw new IllegalStateException("interrupted while waiting for model '" + id + "'", e);
    } catch (ExecutionException e) {
      // Every holder sees the loader's own typed failure.
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
