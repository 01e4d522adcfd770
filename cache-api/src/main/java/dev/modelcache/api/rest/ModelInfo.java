package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;

/**
 * One loaded model.
 *
 * @param modelName its name
 * @param task {@code sequence_classification} or {@code feature_extraction}
 * @param memoryMb memory charged to it, in MiB
 * @param memoryMethod {@code measured} (resident-set growth across its load) or {@code estimated}
 * @param loadTimeMs how long its load took, in milliseconds
 * @param loadedAt when it was loaded, ISO-8601
 * @param lastUsed when it was last used, ISO-8601
 * @param requestCount requests since it was loaded
 * @param inferenceCount texts run through it since it was loaded
 * @param pinned whether it is exempt from eviction
 * @param activeRequests requests running on it now
 * @param reloadCount times it was loaded again after an eviction
 * @param device where it runs: {@code cpu} or {@code cuda:N} ({@code INFERENCE_DEVICE})
 */
public record ModelInfo(
    @JsonbProperty("model_name") String modelName,
    @JsonbProperty("task") String task,
    @JsonbProperty("memory_mb") double memoryMb,
    @JsonbProperty("memory_method") String memoryMethod,
    @JsonbProperty("load_time_ms") double loadTimeMs,
    @JsonbProperty("loaded_at") String loadedAt,
    @JsonbProperty("last_used") String lastUsed,
    @JsonbProperty("request_count") long requestCount,
    @JsonbProperty("inference_count") long inferenceCount,
    @JsonbProperty("pinned") boolean pinned,
    @JsonbProperty("active_requests") int activeRequests,
    @JsonbProperty("reload_count") long reloadCount,
    @JsonbProperty("device") String device) {}
