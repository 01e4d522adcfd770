/**
 * Measurements anyone can re-run, printed as tables: memory accounting against the real resident
 * set, the eviction-policy simulator ({@link dev.modelcache.bench.sim}), JMH benchmarks of the hot
 * path ({@link dev.modelcache.bench.jmh}), and the load benchmark ({@link
 * dev.modelcache.bench.load}).
 */
package dev.modelcache.bench;
