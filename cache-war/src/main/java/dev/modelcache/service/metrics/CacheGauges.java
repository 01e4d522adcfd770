package dev.modelcache.service.metrics;

import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.service.ModelCacheService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Registers gauges read from engine snapshots at start-up: memory, models, loads in flight,
 * requests in flight, and the churn figures (miss latency, age and idle time at eviction, reloads,
 * bytes loaded in the last hour, thrash-guard counts), the batching queues and the response cache.
 * Units are in the names and metadata: bytes and seconds. Published through {@link MetricsExport}:
 * nowhere where the server has no MicroProfile Metrics.
 */
@ApplicationScoped
public class CacheGauges {
  @Inject MetricsExport export;
  @Inject ModelCacheService service;

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    gauge(
        "model_cache_models_loaded",
        "Models in memory",
        MetricsExport.NONE,
        CacheStats::modelsLoaded);
    gauge("model_cache_max_models", "Model-count limit", MetricsExport.NONE, CacheStats::maxModels);
    gauge(
        "model_cache_memory_used",
        "Memory charged to loaded models",
        MetricsExport.BYTES,
        CacheStats::usedBytes);
    gauge(
        "model_cache_memory_budget", "Memory budget", MetricsExport.BYTES, CacheStats::budgetBytes);
    gauge(
        "model_cache_memory_reserved",
        "Memory set aside for the load in progress",
        MetricsExport.BYTES,
        CacheStats::reservedBytes);
    gauge(
        "model_cache_loads_in_flight",
        "Model loads in progress (loads are serialised)",
        MetricsExport.NONE,
        CacheStats::loadsInFlight);
    gauge(
        "model_cache_requests_in_flight",
        "Requests holding a model now",
        MetricsExport.NONE,
        s -> s.models().stream().mapToInt(m -> m.activeLeases()).sum());
    gauge(
        "model_cache_hit_ratio",
        "Hits over requests since start",
        MetricsExport.NONE,
        CacheStats::hitRate);
    gauge(
        "model_cache_load_time_average",
        "Mean successful load time",
        MetricsExport.SECONDS,
        s -> s.averageLoadNanos() / 1e9);
    gauge(
        "model_cache_miss_latency_average",
        "Mean time a miss waited for its model",
        MetricsExport.SECONDS,
        s -> s.churn().averageMissLatencyNanos() / 1e9);
    gauge(
        "model_cache_miss_latency_max",
        "Longest time a miss waited for its model",
        MetricsExport.SECONDS,
        s -> s.churn().missLatencyMaxNanos() / 1e9);
    gauge(
        "model_cache_eviction_age_average",
        "Mean time from load to eviction",
        MetricsExport.SECONDS,
        s -> s.churn().averageEvictionAgeNanos() / 1e9);
    gauge(
        "model_cache_eviction_idle_average",
        "Mean time from last use to eviction",
        MetricsExport.SECONDS,
        s -> s.churn().averageEvictionIdleNanos() / 1e9);
    gauge(
        "model_cache_reloads",
        "Loads of models evicted before, since start",
        MetricsExport.NONE,
        s -> s.churn().reloadCount());
    gauge(
        "model_cache_bytes_loaded_last_hour",
        "Charged bytes of the loads in the last hour",
        MetricsExport.BYTES,
        s -> s.churn().bytesLoadedLastHour());
    gauge(
        "model_cache_thrash_risks",
        "Admissions flagged as a thrash risk, since start",
        MetricsExport.NONE,
        s -> s.churn().thrashRiskCount());
    gauge(
        "model_cache_thrash_refusals",
        "Admissions refused by the thrash guard, since start",
        MetricsExport.NONE,
        s -> s.churn().thrashRefusedCount());
    gauge(
        "model_cache_rss_reclaimed",
        "Resident memory that came back when models were freed, since start",
        MetricsExport.BYTES,
        CacheStats::reclaimedBytes);
    register(
        "model_cache_response_cache_hit_ratio",
        "Texts answered from the response cache over texts looked up, since start",
        MetricsExport.NONE,
        () -> service.responseCache().hitRate());
    register(
        "model_cache_response_cache_size",
        "Estimated size of the response cache",
        MetricsExport.BYTES,
        () -> service.responseCache().bytes());
    register(
        "model_cache_queued_texts",
        "Texts waiting in batching queues now",
        MetricsExport.NONE,
        () -> service.batching().queuedTexts());
    register(
        "model_cache_source_misses_remembered",
        "Look-ups of a name the Hub or MLflow lately did not have, answered from memory, since"
            + " start",
        MetricsExport.NONE,
        service::missesAnsweredFromMemory);
    register(
        "model_cache_batch_size_average",
        "Mean texts per ONNX Runtime call, since start",
        MetricsExport.NONE,
        () -> service.batching().averageRunSize());
  }

  private void gauge(
      String name, String description, String unit, Function<CacheStats, Number> read) {
    register(name, description, unit, () -> read.apply(service.stats()).doubleValue());
  }

  private void register(String name, String description, String unit, Supplier<Number> read) {
    export.gauge(name, description, unit, () -> read.get().doubleValue());
  }
}
