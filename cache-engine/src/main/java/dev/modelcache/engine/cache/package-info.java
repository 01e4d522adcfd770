/**
 * The model cache: leases, single-flight loading, memory-budgeted admission and eviction, pinning,
 * and statistics. {@link dev.modelcache.engine.cache.ModelCache} is the one class with a lock;
 * everything else here is a small value or strategy type.
 */
package dev.modelcache.engine.cache;
