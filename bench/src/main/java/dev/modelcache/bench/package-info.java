/**
 * Measurements anyone can re-run, printed as tables: memory accounting against the real resident
 * set, the eviction-policy simulator ({@link dev.modelcache.bench.sim}), and JMH benchmarks of the
 * hot path ({@link dev.modelcache.bench.jmh}); the HTTP load driver later.
 */
package dev.modelcache.bench;
