package dev.modelcache.service.metrics;

import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.service.ModelCacheService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * Registers gauges read from engine snapshots at start-up: memory, models, loads in flight,
 * requests in flight, and the churn figures (miss latency, age and idle time at eviction, reloads,
 * bytes loaded in the last hour, thrash-guard counts), the batching queues and the response cache.
 * Units are in the names and metadata: bytes and seconds.
 */
@ApplicationScoped
public class CacheGauges {
  @Inject MetricRegistry registry;
  @Inject ModelCacheService service;

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    if (!service.config().metricsEnabled()) {
      return;
    }
    gauge(
        "model_cache_models_loaded",
        "Models in memory",
        MetricUnits.NONE,
        CacheStats::modelsLoaded);
    gauge("model_cache_max_models", "Model-count limit", MetricUnits.NONE, CacheStats::maxModels);
    gauge(
        "model_cache_memory_used",
        "Memory charged to loaded models",
        MetricUnits.BYTES,
        CacheStats::usedBytes);
    gauge("model_cache_memory_budget", "Memory budget", MetricUnits.BYTES, CacheStats::budgetBytes);
    gauge(
        "model_cache_memory_reserved",
        "Memory set aside for the load in progress",
        MetricUnits.BYTES,
        CacheStats::reservedBytes);
    gauge(
        "model_cache_loads_in_flight",
        "Model loads in progress (loads are serialised)",
        MetricUnits.NONE,
        CacheStats::loadsInFlight);
    gauge(
        "model_cache_requests_in_flight",
        "Requests holding a model now",
        MetricUnits.NONE,
        s -> s.models().stream().mapToInt(m -> m.activeLeases()).sum());
    gauge(
        "model_cache_hit_ratio",
        "Hits over requests since start",
        MetricUnits.NONE,
        CacheStats::hitRate);
    gauge(
        "model_cache_load_time_average",
        "Mean successful load time",
        MetricUnits.SECONDS,
        s -> s.averageLoadNanos() / 1e9);
    gauge(
        "model_cache_miss_latency_average",
        "Mean time a miss waited for its model",
        MetricUnits.SECONDS,
        s -> s.churn().averageMissLatencyNanos() / 1e9);
    gauge(
        "model_cache_miss_latency_max",
        "Longest time a miss waited for its model",
        MetricUnits.SECONDS,
        s -> s.churn().missLatencyMaxNanos() / 1e9);
    gauge(
        "model_cache_eviction_age_average",
        "Mean time from load to eviction",
        MetricUnits.SECONDS,
        s -> s.churn().averageEvictionAgeNanos() / 1e9);
    gauge(
        "model_cache_eviction_idle_average",
        "Mean time from last use to eviction",
        MetricUnits.SECONDS,
        s -> s.churn().averageEvictionIdleNanos() / 1e9);
    gauge(
        "model_cache_reloads",
        "Loads of models evicted before, since start",
        MetricUnits.NONE,
        s -> s.churn().reloadCount());
    gauge(
        "model_cache_bytes_loaded_last_hour",
        "Charged bytes of the loads in the last hour",
        MetricUnits.BYTES,
        s -> s.churn().bytesLoadedLastHour());
    gauge(
        "model_cache_thrash_risks",
        "Admissions flagged as a thrash risk, since start",
        MetricUnits.NONE,
        s -> s.churn().thrashRiskCount());
    gauge(
        "model_cache_thrash_refusals",
        "Admissions refused by the thrash guard, since start",
        MetricUnits.NONE,
        s -> s.churn().thrashRefusedCount());
    gauge(
        "model_cache_rss_reclaimed",
        "Resident memory that came back when models were freed, since start",
        MetricUnits.BYTES,
        CacheStats::reclaimedBytes);
    register(
        "model_cache_response_cache_hit_ratio",
        "Texts answered from the response cache over texts looked up, since start",
        MetricUnits.NONE,
        () -> service.responseCache().hitRate());
    register(
        "model_cache_response_cache_size",
        "Estimated size of the response cache",
        MetricUnits.BYTES,
        () -> service.responseCache().bytes());
    register(
        "model_cache_queued_texts",
        "Texts waiting in batching queues now",
        MetricUnits.NONE,
        () -> service.batching().queuedTexts());
    register(
        "model_cache_source_misses_remembered",
        "Look-ups of a name the Hub or MLflow lately did not have, answered from memory, since"
            + " start",
        MetricUnits.NONE,
        service::missesAnsweredFromMemory);
    register(
        "model_cache_batch_size_average",
        "Mean texts per ONNX Runtime call, since start",
        MetricUnits.NONE,
        () -> service.batching().averageRunSize());
  }

  private void gauge(
      String name, String description, String unit, Function<CacheStats, Number> read) {
    register(name, description, unit, () -> read.apply(service.stats()).doubleValue());
  }

  private void register(String name, String description, String unit, Supplier<Number> read) {
    registry.gauge(
        Metadata.builder().withName(name).withDescription(description).withUnit(unit).build(),
        () -> read.get().doubleValue());
  }
}
