package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/**
 * One member of the cluster, as it last published itself in the grid.
 *
 * @param name host:port of its HTTP front door
 * @param url its HTTP base URL
 * @param modelsLoaded names of the models it holds
 * @param modelsLoading names of the models it was chosen to load and has not loaded yet
 * @param maxModels its {@code MODEL_CACHE_MAX_MODELS}
 * @param memoryUsageMb memory charged to its models, in MiB
 * @param maxMemoryMb its memory budget, in MiB
 * @param queuedTexts texts waiting in its batching queues
 * @param ageMs how long ago it published this, in milliseconds (by this member's clock)
 */
public record ClusterMemberInfo(
    @JsonbProperty("name") String name,
    @JsonbProperty("url") String url,
    @JsonbProperty("models_loaded") List<String> modelsLoaded,
    @JsonbProperty("models_loading") List<String> modelsLoading,
    @JsonbProperty("max_models") int maxModels,
    @JsonbProperty("memory_usage_mb") double memoryUsageMb,
    @JsonbProperty("max_memory_mb") double maxMemoryMb,
    @JsonbProperty("queued_texts") int queuedTexts,
    @JsonbProperty("age_ms") long ageMs) {}
