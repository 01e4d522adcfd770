/**
 * Request statistics for the seed's {@code /metrics} JSON, and MicroProfile Metrics: request counts
 * and timings per endpoint and model, cache counters from engine events, and gauges read from
 * engine snapshots.
 */
package dev.modelcache.service.metrics;
