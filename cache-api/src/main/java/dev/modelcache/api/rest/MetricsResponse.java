package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;

/**
 * {@code GET /metrics} as JSON: the seed's performance summary.
 *
 * @param avgInferenceTimeMs mean time of a prediction request, in milliseconds
 * @param cacheHitRate hits over requests, in [0, 1]
 * @param memoryEfficiency charged memory over the budget, in [0, 1]
 * @param throughputPerSecond prediction requests per second over the last minute
 * @param totalRequests prediction requests since start
 * @param uptimeSeconds seconds since start
 * @param responseCacheHitRate texts answered from the response cache over texts looked up, in [0,
 *     1]
 * @param averageBatchSize mean texts per ONNX Runtime call, over all models
 */
public record MetricsResponse(
    @JsonbProperty("avg_inference_time_ms") double avgInferenceTimeMs,
    @JsonbProperty("cache_hit_rate") double cacheHitRate,
    @JsonbProperty("memory_efficiency") double memoryEfficiency,
    @JsonbProperty("throughput_per_second") double throughputPerSecond,
    @JsonbProperty("total_requests") long totalRequests,
    @JsonbProperty("uptime_seconds") long uptimeSeconds,
    @JsonbProperty("response_cache_hit_rate") double responseCacheHitRate,
    @JsonbProperty("average_batch_size") double averageBatchSize) {}
