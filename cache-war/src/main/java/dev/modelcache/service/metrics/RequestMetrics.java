package dev.modelcache.service.metrics;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.CacheEvent;
import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.security.SecurityService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Map;

/**
 * Counts and times prediction requests through its {@link PredictionMeter}, and turns cache events
 * into counters. Keeps its own totals for the seed's JSON summary and the Prometheus text, and
 * feeds the server's MicroProfile Metrics through {@link MetricsExport} where it has them and
 * {@code ENABLE_METRICS} is true. Thread-safe.
 */
@ApplicationScoped
public class RequestMetrics {
  @Inject MetricsExport export;
  @Inject ModelCacheService service;
  @Inject SecurityService security;

  private PredictionMeter meter;
  private final ResponseCounts responses = new ResponseCounts();

  @PostConstruct
  void start() {
    meter = new PredictionMeter(export);
  }

  /** The recorder of prediction requests, for callers that keep it and skip this bean's proxy. */
  public PredictionMeter meter() {
    return meter;
  }

  /** HTTP responses by endpoint and status, for callers that keep it and skip this bean's proxy. */
  public ResponseCounts responses() {
    return responses;
  }

  /** Records one successful prediction request. */
  public void prediction(
      String endpoint, ModelId model, int texts, ModelCacheService.Outcome outcome) {
    meter.record(endpoint, model, texts, outcome.nanos(), outcome.cached());
  }

  /** Counts loads, failures, refusals and evictions by cause, from the engine's events. */
  void onCacheEvent(@Observes CacheEvent event) {
    String type = event.type().name().toLowerCase(Locale.ROOT);
    export
        .counter(
            "model_cache_model_events",
            "Model loads, load failures, refusals, evictions, unloads, frees",
            Map.of("event", type))
        .add(1);
  }

  /** Every endpoint and model seen so far, in a stable order. */
  Map<PredictionMeter.Key, LatencyHistogram> histograms() {
    return meter.histograms();
  }

  /** The service's metrics in the Prometheus text format, from one cache snapshot. */
  public String prometheusText() {
    return PrometheusText.render(
        service.stats(),
        service.batching(),
        service.responseCache(),
        service.generation(),
        this,
        security,
        service.missesAnsweredFromMemory());
  }

  /** Prediction requests since start. */
  public long requestCount() {
    return meter.requestCount();
  }

  /** Mean time of a prediction request in milliseconds; 0 before the first. */
  public double averageMillis() {
    return meter.averageMillis();
  }

  /** Prediction requests per second over the last minute. */
  public double perSecond() {
    return meter.perSecond();
  }
}
