package dev.modelcache.service.metrics;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * HTTP responses by endpoint and status code, successes and errors alike: what {@code
 * model_cache_responses_total} shows, for error-rate alerts. The endpoint is a fixed label ({@code
 * predict}, {@code predict_batch}, or the area of any other endpoint), never a path or a model name
 * a client chose, so the map holds a few dozen entries at most. Thread-safe.
 */
public final class ResponseCounts {
  /** An endpoint and a status: the labels of one count. */
  public record Key(String endpoint, int status) {}

  private final ConcurrentHashMap<Key, LongAdder> counts = new ConcurrentHashMap<>();

  /** Counts one response. */
  public void record(String endpoint, int status) {
    Key key = new Key(endpoint, status);
    LongAdder count = counts.get(key);
    if (count == null) {
      count = counts.computeIfAbsent(key, k -> new LongAdder());
    }
    count.increment();
  }

  /** Every count so far, by endpoint then status. */
  public Map<Key, Long> snapshot() {
    Map<Key, Long> sorted =
        new TreeMap<>(Comparator.comparing(Key::endpoint).thenComparingInt(Key::status));
    counts.forEach((key, count) -> sorted.put(key, count.sum()));
    return sorted;
  }
}
