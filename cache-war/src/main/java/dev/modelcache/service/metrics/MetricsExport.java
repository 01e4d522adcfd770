package dev.modelcache.service.metrics;

import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * Where the service's metrics are published besides its own {@code /metrics}: the server's
 * MicroProfile Metrics registry where it has one ({@code metrics.mp}), nowhere otherwise. The
 * service's own JSON and Prometheus text never depend on it. To add a metric, register it here (for
 * the server's registry) and render it in {@link PrometheusText} (for {@code /metrics}).
 * Implementations are thread-safe; the same name and tags give the same metric.
 */
public interface MetricsExport {
  /** Units, as MicroProfile Metrics spells them. */
  String NONE = "none";

  String BYTES = "bytes";
  String SECONDS = "seconds";
  String MICROSECONDS = "microseconds";

  /** A monotonic count. */
  interface Counter {
    void add(long n);
  }

  /** A distribution of recorded values. */
  interface Histogram {
    void record(long value);
  }

  /**
   * @param tags label names and values
   */
  Counter counter(String name, String description, Map<String, String> tags);

  /**
   * @param unit one of this interface's units
   */
  Histogram histogram(String name, String description, String unit, Map<String, String> tags);

  /**
   * A value read whenever the registry is read.
   *
   * @param unit one of this interface's units
   */
  void gauge(String name, String description, String unit, DoubleSupplier value);

  /** Publishes nothing: no MicroProfile Metrics, or {@code ENABLE_METRICS=false}. */
  static MetricsExport none() {
    return NoExport.INSTANCE;
  }
}

/** The export that drops everything. */
enum NoExport implements MetricsExport {
  INSTANCE;

  @Override
  public Counter counter(String name, String description, Map<String, String> tags) {
    return n -> {};
  }

  @Override
  public Histogram histogram(
      String name, String description, String unit, Map<String, String> tags) {
    return value -> {};
  }

  @Override
  public void gauge(String name, String description, String unit, DoubleSupplier value) {}
}
