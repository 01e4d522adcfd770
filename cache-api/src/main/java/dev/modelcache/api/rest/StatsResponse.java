package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /stats}: the cache's counters and every loaded model, from one consistent snapshot.
 *
 * @param hitRate hits over requests, in [0, 1]
 * @param totalRequests prediction requests counted (hits + misses)
 * @param cacheHits requests that found their model loaded
 * @param cacheMisses requests that waited for a load
 * @param modelsLoaded models in memory
 * @param maxModels the model-count limit
 * @param memoryUsageMb memory charged to loaded models, in MiB
 * @param maxMemoryMb the memory budget, in MiB
 * @param loads successful loads
 * @param loadFailures failed loads
 * @param rejected loads refused for lack of memory
 * @param averageLoadTimeMs mean successful load time, in milliseconds
 * @param evictions removals by cause ({@code evicted_size}, {@code evicted_count}, {@code
 *     explicit})
 * @param reloads loads of models evicted before
 * @param averageMissLatencyMs mean time a miss waited for its model, in milliseconds
 * @param models every loaded model
 * @param batching the batcher's counters: how requests were queued and run together
 * @param responseCache the response cache's counters
 * @param cluster the whole cluster, when clustering is on; null (left out of the JSON) otherwise
 */
public record StatsResponse(
    @JsonbProperty("hit_rate") double hitRate,
    @JsonbProperty("total_requests") long totalRequests,
    @JsonbProperty("cache_hits") long cacheHits,
    @JsonbProperty("cache_misses") long cacheMisses,
    @JsonbProperty("models_loaded") int modelsLoaded,
    @JsonbProperty("max_models") int maxModels,
    @JsonbProperty("memory_usage_mb") double memoryUsageMb,
    @JsonbProperty("max_memory_mb") double maxMemoryMb,
    @JsonbProperty("loads") long loads,
    @JsonbProperty("load_failures") long loadFailures,
    @JsonbProperty("rejected") long rejected,
    @JsonbProperty("average_load_time_ms") double averageLoadTimeMs,
    @JsonbProperty("evictions") Map<String, Long> evictions,
    @JsonbProperty("reloads") long reloads,
    @JsonbProperty("average_miss_latency_ms") double averageMissLatencyMs,
    @JsonbProperty("models") List<ModelInfo> models,
    @JsonbProperty("batching") BatchingInfo batching,
    @JsonbProperty("response_cache") ResponseCacheInfo responseCache,
    @JsonbProperty("cluster") ClusterInfo cluster) {}
