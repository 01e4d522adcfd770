package dev.modelcache.engine.cache;

import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.memory.MemoryFootprint;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One loaded model and its bookkeeping. The final fields are set at load; the mutable ones are
 * guarded by the owning {@link ModelCache}'s lock, except {@link #inferences}, which leases add to
 * without it.
 */
final class CacheEntry {
  private static final AtomicLong GENERATIONS = new AtomicLong();

  final LoadedModel model;

  /** Unique per load in this process: a reloaded model gets a new one. */
  final long generation = GENERATIONS.incrementAndGet();

  final MemoryFootprint footprint;
  final long loadNanos;
  final long loadedAtNanos;
  final Instant loadedAt;

  /** Where the files came from ({@link dev.modelcache.engine.inference.ModelLoader#sourceOf}). */
  final String source;

  final LongAdder inferences = new LongAdder();

  // Guarded by ModelCache.lock.
  int refs;
  boolean evicted;
  boolean pinned;
  long lastAccessNanos;
  Instant lastUsed;
  long accessCount;
  long requests;

  CacheEntry(
      LoadedModel model,
      MemoryFootprint footprint,
      long loadNanos,
      long loadedAtNanos,
      Instant loadedAt,
      String source) {
    this.model = model;
    this.footprint = footprint;
    this.loadNanos = loadNanos;
    this.loadedAtNanos = loadedAtNanos;
    this.loadedAt = loadedAt;
    this.source = source;
    this.lastAccessNanos = loadedAtNanos;
    this.lastUsed = loadedAt;
  }

  long bytes() {
    return footprint.bytes();
  }

  EvictionCandidate candidate() {
    return new EvictionCandidate(
        model.id(), bytes(), lastAccessNanos, accessCount, loadNanos, loadedAtNanos);
  }

  ModelStats stats(long reloadCount) {
    return new ModelStats(
        model.id(),
        model.task(),
        footprint,
        loadNanos,
        loadedAt,
        lastUsed,
        requests,
        inferences.sum(),
        pinned,
        refs,
        reloadCount);
  }
}
