package dev.modelcache.service.metrics;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.CacheEvent;
import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.security.SecurityService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counts and times prediction requests, and turns cache events into counters. Keeps its own totals
 * for the seed's JSON summary, and feeds MicroProfile Metrics when {@code ENABLE_METRICS} is true.
 * Thread-safe.
 */
@ApplicationScoped
public class RequestMetrics {
  @Inject MetricRegistry registry;
  @Inject ModelCacheService service;
  @Inject SecurityService security;

  private final LongAdder requests = new LongAdder();
  private final ConcurrentHashMap<Key, LatencyHistogram> histograms = new ConcurrentHashMap<>();
  private final LongAdder totalNanos = new LongAdder();
  private final Throughput throughput = new Throughput();

  /** Records one successful prediction request. */
  public void prediction(
      String endpoint, ModelId model, int texts, ModelCacheService.Outcome outcome) {
    requests.increment();
    totalNanos.add(outcome.nanos());
    histograms
        .computeIfAbsent(new Key(endpoint, model.toString()), k -> new LatencyHistogram())
        .record(outcome.nanos(), texts);
    throughput.record(System.nanoTime(), 1);
    if (!service.config().metricsEnabled()) {
      return;
    }
    Tag[] tags = {new Tag("endpoint", endpoint), new Tag("model", model.toString())};
    registry
        .counter(
            Metadata.builder()
                .withName("model_cache_requests")
                .withDescription("Prediction requests answered, by endpoint and model")
                .build(),
            tags)
        .inc();
    registry
        .counter(
            Metadata.builder()
                .withName("model_cache_texts")
                .withDescription("Texts run through models, by endpoint and model")
                .build(),
            tags)
        .inc(texts);
    // A histogram, not an MP Timer: Payara's Prometheus output of timers prints quantiles in
    // nanoseconds under a "_seconds" name.
    registry
        .histogram(
            Metadata.builder()
                .withName("model_cache_request_latency")
                .withDescription("Time to answer a prediction request, model load included")
                .withUnit(MetricUnits.MICROSECONDS)
                .build(),
            tags)
        .update(outcome.nanos() / 1_000);
    cacheCounter(outcome.cached() ? "hit" : "miss").inc();
  }

  /** Counts loads, failures, refusals and evictions by cause, from the engine's events. */
  void onCacheEvent(@Observes CacheEvent event) {
    if (!service.config().metricsEnabled()) {
      return;
    }
    String type = event.type().name().toLowerCase(Locale.ROOT);
    registry
        .counter(
            Metadata.builder()
                .withName("model_cache_model_events")
                .withDescription("Model loads, load failures, refusals, evictions, unloads, frees")
                .build(),
            new Tag("event", type))
        .inc();
  }

  private Counter cacheCounter(String result) {
    return registry.counter(
        Metadata.builder()
            .withName("model_cache_lookups")
            .withDescription("Model lookups by prediction requests: hit or miss")
            .build(),
        new Tag("result", result));
  }

  /** An endpoint and a model: the labels of request metrics. */
  record Key(String endpoint, String model) {}

  /** Every endpoint and model seen so far, in a stable order. */
  Map<Key, LatencyHistogram> histograms() {
    Map<Key, LatencyHistogram> sorted =
        new TreeMap<>(Comparator.comparing(Key::endpoint).thenComparing(Key::model));
    sorted.putAll(histograms);
    return sorted;
  }

  /** The service's metrics in the Prometheus text format, from one cache snapshot. */
  public String prometheusText() {
    return PrometheusText.render(
        service.stats(), service.batching(), service.responseCache(), this, security);
  }

  /** Prediction requests since start. */
  public long requestCount() {
    return requests.sum();
  }

  /** Mean time of a prediction request in milliseconds; 0 before the first. */
  public double averageMillis() {
    long count = requests.sum();
    return count == 0 ? 0 : totalNanos.sum() / 1e6 / count;
  }

  /** Prediction requests per second over the last minute. */
  public double perSecond() {
    return throughput.perSecond(System.nanoTime());
  }
}
