package dev.modelcache.service.metrics;

import dev.modelcache.api.ModelId;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts and times prediction requests: the service's own totals (the seed's JSON summary, the
 * Prometheus histograms) and, through a {@link MetricsExport}, the server's MicroProfile Metrics
 * (where it has them and {@code ENABLE_METRICS} is true). A plain object that {@link
 * RequestMetrics} creates once, so that the hot path records without a container proxy in between.
 *
 * <p>The exported counters and histogram of an (endpoint, model) pair are looked up at the pair's
 * first request and kept: a request then costs a map lookup and a few adds, no registry lookup. The
 * registry hands out the same metric for the same name and tags every time, so what it shows is
 * unchanged. The map holds one entry per pair ever answered: two endpoints times the models that
 * exist (names are validated, and a request is recorded only once its model answered), as the
 * registry itself does; models that come and go under the same name reuse their entry. Thread-safe.
 */
public final class PredictionMeter {
  private final MetricsExport export;
  private final LongAdder requests = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();
  private final Throughput throughput = new Throughput();
  private final ConcurrentHashMap<Key, Series> series = new ConcurrentHashMap<>();
  private volatile MetricsExport.Counter hits;
  private volatile MetricsExport.Counter misses;

  /**
   * @param export where the metrics are published besides the service's own totals ({@link
   *     MetricsExport#none()} for nowhere)
   */
  PredictionMeter(MetricsExport export) {
    this.export = export;
  }

  /** An endpoint and a model: the labels of request metrics. */
  record Key(String endpoint, String model) {}

  /** What is recorded per (endpoint, model). */
  static final class Series {
    final LatencyHistogram latency = new LatencyHistogram();
    final MetricsExport.Counter requests;
    final MetricsExport.Counter texts;
    final MetricsExport.Histogram micros;

    Series(MetricsExport export, Key key) {
      Map<String, String> tags = Map.of("endpoint", key.endpoint(), "model", key.model());
      requests =
          export.counter(
              "model_cache_requests", "Prediction requests answered, by endpoint and model", tags);
      texts =
          export.counter(
              "model_cache_texts", "Texts run through models, by endpoint and model", tags);
      // A histogram, not an MP Timer: Payara's Prometheus output of timers prints quantiles in
      // nanoseconds under a "_seconds" name.
      micros =
          export.histogram(
              "model_cache_request_latency",
              "Time to answer a prediction request, model load included",
              MetricsExport.MICROSECONDS,
              tags);
    }
  }

  /**
   * Records one successful prediction request.
   *
   * @param endpoint {@code predict} or {@code predict_batch}
   * @param model the model that answered
   * @param texts the request's texts
   * @param nanos the request's time in the engine, model load included
   * @param modelWasLoaded whether the model was loaded when the request arrived (a lookup hit)
   */
  public void record(
      String endpoint, ModelId model, int texts, long nanos, boolean modelWasLoaded) {
    requests.increment();
    totalNanos.add(nanos);
    Key key = new Key(endpoint, model.toString());
    Series s = series.get(key);
    if (s == null) {
      s = series.computeIfAbsent(key, k -> new Series(export, k));
    }
    s.latency.record(nanos, texts);
    throughput.record(System.nanoTime(), 1);
    s.requests.add(1);
    s.texts.add(texts);
    s.micros.record(nanos / 1_000);
    lookups(modelWasLoaded).add(1);
  }

  /** The lookup counter of a hit or a miss, registered at the first of its kind. */
  private MetricsExport.Counter lookups(boolean hit) {
    MetricsExport.Counter counter = hit ? hits : misses;
    if (counter == null) {
      counter =
          export.counter(
              "model_cache_lookups",
              "Model lookups by prediction requests: hit or miss",
              Map.of("result", hit ? "hit" : "miss"));
      if (hit) {
        hits = counter;
      } else {
        misses = counter;
      }
    }
    return counter;
  }

  /** Every endpoint and model seen so far, in a stable order, with its latency histogram. */
  Map<Key, LatencyHistogram> histograms() {
    Map<Key, LatencyHistogram> sorted =
        new TreeMap<>(Comparator.comparing(Key::endpoint).thenComparing(Key::model));
    series.forEach((key, s) -> sorted.put(key, s.latency));
    return sorted;
  }

  /** Prediction requests since start. */
  long requestCount() {
    return requests.sum();
  }

  /** Mean time of a prediction request in milliseconds; 0 before the first. */
  double averageMillis() {
    long count = requests.sum();
    return count == 0 ? 0 : totalNanos.sum() / 1e6 / count;
  }

  /** Prediction requests per second over the last minute. */
  double perSecond() {
    return throughput.perSecond(System.nanoTime());
  }
}
