package dev.modelcache.service.metrics;

import dev.modelcache.engine.batching.BatcherStats;
import dev.modelcache.engine.batching.ResponseCacheStats;
import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.engine.cache.RemovalCause;
import dev.modelcache.engine.generation.GeneratorStats;
import dev.modelcache.service.security.ConcurrencyLimit;
import dev.modelcache.service.security.Refusals;
import dev.modelcache.service.security.SecurityService;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the service's metrics in the Prometheus text format (0.0.4), in base units (seconds,
 * bytes) with HELP and TYPE for every family, so that {@code promtool check metrics} passes.
 * Payara's own MicroProfile Metrics output prints histogram and timer quantiles unconverted under a
 * {@code _seconds} name; this writer is what Prometheus should scrape. Stateless.
 */
final class PrometheusText {
  private final StringBuilder out = new StringBuilder(8192);

  static String render(
      CacheStats stats,
      BatcherStats batching,
      ResponseCacheStats responses,
      GeneratorStats generation,
      RequestMetrics requests,
      SecurityService security,
      long missesFromMemory) {
    PrometheusText text = new PrometheusText();
    text.requests(requests);
    text.responses(requests.responses());
    text.guard(security.concurrency(), security.refusals());
    text.cache(stats);
    text.batching(batching);
    text.responses(responses);
    text.generation(generation);
    text.counter(
        "model_cache_source_misses_remembered_total",
        "Look-ups of a name the Hub or MLflow lately did not have, answered from memory with no"
            + " request (MODEL_CACHE_SOURCE_MISS_TTL_S)",
        missesFromMemory);
    return text.out.toString();
  }

  private void responses(ResponseCounts counts) {
    family(
        "model_cache_responses_total",
        "counter",
        "HTTP responses by endpoint (predict, predict_batch, or the area: admin, metrics, health)"
            + " and status code, errors included");
    counts
        .snapshot()
        .forEach(
            (k, n) ->
                sample(
                    "model_cache_responses_total",
                    "endpoint=\"" + k.endpoint() + "\",status=\"" + k.status() + "\"",
                    n));
  }

  private void guard(ConcurrencyLimit concurrency, Refusals refusals) {
    gauge(
        "model_cache_requests_in_progress",
        "Prediction and administrative requests holding a place under"
            + " MODEL_CACHE_MAX_CONCURRENT_REQUESTS",
        concurrency.inUse());
    gauge(
        "model_cache_max_concurrent_requests",
        "MODEL_CACHE_MAX_CONCURRENT_REQUESTS (0 = no limit)",
        concurrency.max());
    family(
        "model_cache_refused_requests_total",
        "counter",
        "Requests refused before they were served, by reason");
    refusals
        .snapshot()
        .forEach(
            (kind, n) ->
                sample("model_cache_refused_requests_total", "reason=\"" + kind.code() + "\"", n));
  }

  private void batching(BatcherStats b) {
    counter(
        "model_cache_queued_requests_total",
        "Prediction requests accepted into a model's batching queue",
        b.requests());
    counter("model_cache_inference_runs_total", "ONNX Runtime calls", b.runs());
    counter(
        "model_cache_inference_texts_total",
        "Texts run through ONNX Runtime, over all models (runs share texts of many requests)",
        b.textsRun());
    counter("model_cache_inference_tokens_total", "Tokens run, padding excluded", b.tokens());
    counter(
        "model_cache_inference_token_slots_total",
        "Token slots run, padding included",
        b.paddedTokens());
    counter(
        "model_cache_queue_rejections_total",
        "Requests refused with 503 because their model's queue was full",
        b.rejected());
    counter(
        "model_cache_request_timeouts_total",
        "Requests that failed with 504 at INFERENCE_TIMEOUT",
        b.timedOut());
    gauge("model_cache_queued_texts", "Texts waiting in batching queues now", b.queuedTexts());
    gauge("model_cache_inference_runners", "ONNX Runtime calls that can run at once", b.runners());
  }

  private void generation(GeneratorStats g) {
    counter(
        "model_cache_generations_total",
        "Text generations admitted (POST /generate); answered ones are also in"
            + " model_cache_requests_total{endpoint=\"generate\"}",
        g.requests());
    counter("model_cache_generated_tokens_total", "Tokens generated", g.tokens());
    counter(
        "model_cache_generation_rejections_total",
        "Generations refused with 503 because MAX_GENERATIONS were running",
        g.rejected());
    counter(
        "model_cache_generation_timeouts_total",
        "Generations that failed at INFERENCE_TIMEOUT",
        g.timedOut());
    gauge("model_cache_generations_in_progress", "Generations running now", g.inProgress());
    gauge("model_cache_max_generations", "MAX_GENERATIONS", g.maxGenerations());
  }

  private void responses(ResponseCacheStats r) {
    family(
        "model_cache_response_cache_lookups_total",
        "counter",
        "Texts looked up in the response cache, by result");
    sample("model_cache_response_cache_lookups_total", "result=\"hit\"", r.hits());
    sample("model_cache_response_cache_lookups_total", "result=\"miss\"", r.misses());
    counter(
        "model_cache_response_cache_evictions_total",
        "Response cache entries dropped to stay under RESPONSE_CACHE_MB",
        r.evictions());
    counter(
        "model_cache_response_cache_invalidations_total",
        "Response cache entries dropped because their model was unloaded, evicted or reloaded",
        r.invalidations());
    gauge("model_cache_response_cache_entries", "Texts held in the response cache", r.entries());
    gauge(
        "model_cache_response_cache_size_bytes", "Estimated size of the response cache", r.bytes());
    gauge(
        "model_cache_response_cache_max_size_bytes",
        "Bound of the response cache (RESPONSE_CACHE_MB)",
        r.maxBytes());
  }

  private void requests(RequestMetrics requests) {
    Map<PredictionMeter.Key, LatencyHistogram> byKey = requests.histograms();
    family(
        "model_cache_requests_total",
        "counter",
        "Prediction requests answered, by endpoint and model");
    byKey.forEach(
        (k, h) ->
            sample(
                "model_cache_requests_total",
                labels(k),
                h.cumulative()[LatencyHistogram.BOUNDS.length]));
    family("model_cache_texts_total", "counter", "Texts run through models, by endpoint and model");
    byKey.forEach((k, h) -> sample("model_cache_texts_total", labels(k), h.texts()));
    family(
        "model_cache_request_duration_seconds",
        "histogram",
        "Time to answer a prediction request, model load included, by endpoint and model");
    byKey.forEach(
        (k, h) -> {
          long[] cumulative = h.cumulative();
          for (int i = 0; i < LatencyHistogram.BOUNDS.length; i++) {
            sample(
                "model_cache_request_duration_seconds_bucket",
                labels(k) + ",le=\"" + number(LatencyHistogram.BOUNDS[i]) + "\"",
                cumulative[i]);
          }
          long count = cumulative[LatencyHistogram.BOUNDS.length];
          sample("model_cache_request_duration_seconds_bucket", labels(k) + ",le=\"+Inf\"", count);
          sample("model_cache_request_duration_seconds_sum", labels(k), h.sumSeconds());
          sample("model_cache_request_duration_seconds_count", labels(k), count);
        });
  }

  private void cache(CacheStats s) {
    family(
        "model_cache_lookups_total", "counter", "Model lookups by prediction requests, by result");
    sample("model_cache_lookups_total", "result=\"hit\"", s.hitCount());
    sample("model_cache_lookups_total", "result=\"miss\"", s.missCount());
    family("model_cache_loads_total", "counter", "Model loads, by outcome");
    sample("model_cache_loads_total", "outcome=\"success\"", s.loadSuccessCount());
    sample("model_cache_loads_total", "outcome=\"failure\"", s.loadFailureCount());
    sample("model_cache_loads_total", "outcome=\"rejected\"", s.rejectedCount());
    counter(
        "model_cache_load_duration_seconds_total",
        "Time spent in successful model loads",
        s.totalLoadNanos() / 1e9);
    family("model_cache_removals_total", "counter", "Models removed from the cache, by cause");
    for (RemovalCause cause : RemovalCause.values()) {
      sample(
          "model_cache_removals_total",
          "cause=\"" + cause.name().toLowerCase(Locale.ROOT) + "\"",
          s.evictions().get(cause));
    }
    counter(
        "model_cache_reloads_total",
        "Loads of models that had been evicted before",
        s.churn().reloadCount());
    counter(
        "model_cache_miss_wait_seconds_total",
        "Time misses waited for their model",
        s.churn().missLatencyTotalNanos() / 1e9);
    counter(
        "model_cache_miss_waits_total",
        "Misses that waited for their model",
        s.churn().missLatencyCount());
    counter(
        "model_cache_eviction_age_seconds_total",
        "Time from load to eviction, summed over evictions",
        s.churn().evictionAgeTotalNanos() / 1e9);
    counter(
        "model_cache_eviction_idle_seconds_total",
        "Time from last use to eviction, summed over evictions",
        s.churn().evictionIdleTotalNanos() / 1e9);
    counter(
        "model_cache_thrash_risks_total",
        "Admissions the admission rule flagged as a thrash risk",
        s.churn().thrashRiskCount());
    counter(
        "model_cache_thrash_refusals_total",
        "Admissions the admission rule refused",
        s.churn().thrashRefusedCount());
    gauge(
        "model_cache_bytes_loaded_last_hour_bytes",
        "Charged bytes of the loads in the last hour",
        s.churn().bytesLoadedLastHour());
    gauge("model_cache_models_loaded", "Models in memory", s.modelsLoaded());
    gauge("model_cache_max_models", "Model-count limit", s.maxModels());
    gauge("model_cache_memory_used_bytes", "Memory charged to loaded models", s.usedBytes());
    gauge("model_cache_memory_budget_bytes", "Memory budget", s.budgetBytes());
    gauge(
        "model_cache_memory_reserved_bytes",
        "Memory set aside for the load in progress",
        s.reservedBytes());
    gauge(
        "model_cache_loads_in_flight",
        "Model loads in progress (loads are serialised)",
        s.loadsInFlight());
    gauge(
        "model_cache_requests_in_flight",
        "Requests holding a model now",
        s.models().stream().mapToInt(m -> m.activeLeases()).sum());
    family("model_cache_model_memory_bytes", "gauge", "Memory charged to each loaded model");
    s.models()
        .forEach(
            m ->
                sample(
                    "model_cache_model_memory_bytes",
                    "model=\""
                        + escape(m.id().toString())
                        + "\",method=\""
                        + m.footprint().method().name().toLowerCase(Locale.ROOT)
                        + "\"",
                    m.footprint().bytes()));
  }

  private void counter(String name, String help, double value) {
    family(name, "counter", help);
    sample(name, "", value);
  }

  private void gauge(String name, String help, double value) {
    family(name, "gauge", help);
    sample(name, "", value);
  }

  private void family(String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private void sample(String name, String labels, double value) {
    out.append(name);
    if (!labels.isEmpty()) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ').append(number(value)).append('\n');
  }

  private static String labels(PredictionMeter.Key key) {
    return "endpoint=\"" + escape(key.endpoint()) + "\",model=\"" + escape(key.model()) + "\"";
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static String escape(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
