/**
 * Measurements anyone can re-run, printed as tables: memory accounting against the real resident
 * set, and the eviction-policy simulator ({@link dev.modelcache.bench.sim}); JMH benchmarks and the
 * HTTP load driver later.
 */
package dev.modelcache.bench;
