/**
 * Measurements anyone can re-run, printed as tables: memory accounting against the real resident
 * set now; JMH benchmarks, the HTTP load driver and the eviction-policy simulator later.
 */
package dev.modelcache.bench;
