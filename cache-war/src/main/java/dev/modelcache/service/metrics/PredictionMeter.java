package dev.modelcache.service.metrics;

import dev.modelcache.api.ModelId;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counts and times prediction requests: the service's own totals (the seed's JSON summary, the
 * Prometheus histograms) and, when {@code ENABLE_METRICS} is true, MicroProfile Metrics. A plain
 * object that {@link RequestMetrics} creates once, so that the hot path records without a container
 * proxy in between.
 *
 * <p>The MicroProfile counters and histogram of an (endpoint, model) pair are looked up in the
 * registry at the pair's first request and kept: a request then costs a map lookup and a few adds,
 * no {@code Metadata}, {@code Tag} or registry lookup. The registry hands out the same metric for
 * the same name and tags every time, so what it shows is unchanged. The map holds one entry per
 * pair ever answered: two endpoints times the models that exist (names are validated, and a request
 * is recorded only once its model answered), as the registry itself does; models that come and go
 * under the same name reuse their entry. Thread-safe.
 */
public final class PredictionMeter {
  private final MetricRegistry registry;
  private final LongAdder requests = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();
  private final Throughput throughput = new Throughput();
  private final ConcurrentHashMap<Key, Series> series = new ConcurrentHashMap<>();
  private volatile Counter hits;
  private volatile Counter misses;

  /**
   * @param registry where MicroProfile Metrics go, or null to keep only the service's own totals
   *     ({@code ENABLE_METRICS=false})
   */
  PredictionMeter(MetricRegistry registry) {
    this.registry = registry;
  }

  /** An endpoint and a model: the labels of request metrics. */
  record Key(String endpoint, String model) {}

  /**
   * What is recorded per (endpoint, model); the MicroProfile handles are null without a registry.
   */
  static final class Series {
    final LatencyHistogram latency = new LatencyHistogram();
    final Counter requests;
    final Counter texts;
    final Histogram micros;

    Series(MetricRegistry registry, Key key) {
      if (registry == null) {
        requests = null;
        texts = null;
        micros = null;
        return;
      }
      Tag[] tags = {new Tag("endpoint", key.endpoint()), new Tag("model", key.model())};
      requests =
          registry.counter(
              Metadata.builder()
                  .withName("model_cache_requests")
                  .withDescription("Prediction requests answered, by endpoint and model")
                  .build(),
              tags);
      texts =
          registry.counter(
              Metadata.builder()
                  .withName("model_cache_texts")
                  .withDescription("Texts run through models, by endpoint and model")
                  .build(),
              tags);
      // A histogram, not an MP Timer: Payara's Prometheus output of timers prints quantiles in
      // nanoseconds under a "_seconds" name.
      micros =
          registry.histogram(
              Metadata.builder()
                  .withName("model_cache_request_latency")
                  .withDescription("Time to answer a prediction request, model load included")
                  .withUnit(MetricUnits.MICROSECONDS)
                  .build(),
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
      s = series.computeIfAbsent(key, k -> new Series(registry, k));
    }
    s.latency.record(nanos, texts);
    throughput.record(System.nanoTime(), 1);
    if (registry == null) {
      return;
    }
    s.requests.inc();
    s.texts.inc(texts);
    s.micros.update(nanos / 1_000);
    lookups(modelWasLoaded).inc();
  }

  /** The lookup counter of a hit or a miss, registered at the first of its kind. */
  private Counter lookups(boolean hit) {
    Counter counter = hit ? hits : misses;
    if (counter == null) {
      counter =
          registry.counter(
              Metadata.builder()
                  .withName("model_cache_lookups")
                  .withDescription("Model lookups by prediction requests: hit or miss")
                  .build(),
              new Tag("result", hit ? "hit" : "miss"));
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
