package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.memory.MemoryFootprint;
import dev.modelcache.engine.model.ModelTask;
import java.time.Instant;

/**
 * An immutable snapshot of one loaded model.
 *
 * @param id the model
 * @param task what it computes
 * @param footprint its charged memory and how it was obtained
 * @param loadNanos how long its load took, in nanoseconds
 * @param loadedAt when it entered the cache
 * @param lastUsed when it was last acquired
 * @param requestCount prediction requests since it was loaded (preloads not counted)
 * @param inferenceCount texts run through it since it was loaded
 * @param pinned whether it is exempt from eviction
 * @param activeLeases leases currently held on it
 * @param reloadCount times it was loaded again after an eviction
 */
public record ModelStats(
    ModelId id,
    ModelTask task,
    MemoryFootprint footprint,
    long loadNanos,
    Instant loadedAt,
    Instant lastUsed,
    long requestCount,
    long inferenceCount,
    boolean pinned,
    int activeLeases,
    long reloadCount) {}
