/**
 * Request statistics for the seed's {@code /metrics} JSON, and MicroProfile Metrics: request counts
 * and timings per endpoint and model, cache counters from engine events, gauges read from engine
 * snapshots, and the guard's figures (requests in progress under the concurrency limit, requests
 * refused by reason).
 */
package dev.modelcache.service.metrics;
