package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;

/**
 * What an eviction policy may know about a loaded, unpinned model.
 *
 * @param id the model
 * @param bytes its charged memory, in bytes
 * @param lastAccessNanos {@link Ticker} reading of its last use
 * @param accessCount how many times it was acquired since it was loaded
 * @param loadNanos how long its load took: what a miss on it would cost again
 * @param loadedAtNanos {@link Ticker} reading when it entered the cache
 */
public record EvictionCandidate(
    ModelId id,
    long bytes,
    long lastAccessNanos,
    long accessCount,
    long loadNanos,
    long loadedAtNanos) {}
