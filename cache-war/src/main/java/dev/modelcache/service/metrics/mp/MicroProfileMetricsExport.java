package dev.modelcache.service.metrics.mp;

import dev.modelcache.service.metrics.MetricsExport;
import jakarta.enterprise.inject.UnsatisfiedResolutionException;
import jakarta.enterprise.inject.spi.Unmanaged;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes the service's metrics to the server's MicroProfile Metrics application registry. Not a
 * CDI bean, so that servers without the API never load it: {@code MetricsExportProducer} creates it
 * where the API is present. Thread-safe, as the registry.
 */
public final class MicroProfileMetricsExport implements MetricsExport {
  private final MetricRegistry registry;

  private MicroProfileMetricsExport(MetricRegistry registry) {
    this.registry = registry;
  }

  /**
   * The export to the application's registry, or empty where the server has the API but no registry
   * bean. Call only where the MicroProfile Metrics API is on the class path.
   */
  public static Optional<MetricsExport> fromServer() {
    // A real field injection, not CDI.current().select(...): the implementations' registry
    // producers read the injection point's annotations, which a programmatic look-up lacks (Open
    // Liberty's then produces null).
    try {
      MetricRegistry registry =
          new Unmanaged<>(RegistryField.class).newInstance().produce().inject().get().registry;
      return Optional.ofNullable(registry).map(MicroProfileMetricsExport::new);
    } catch (UnsatisfiedResolutionException noRegistry) {
      return Optional.empty();
    }
  }

  /** The application registry, injected. Not a bean: created through {@link Unmanaged}. */
  public static final class RegistryField {
    @Inject MetricRegistry registry;
  }

  @Override
  public Counter counter(String name, String description, Map<String, String> tags) {
    org.eclipse.microprofile.metrics.Counter counter =
        registry.counter(metadata(name, description, null), tags(tags));
    return counter::inc;
  }

  @Override
  public Histogram histogram(
      String name, String description, String unit, Map<String, String> tags) {
    org.eclipse.microprofile.metrics.Histogram histogram =
        registry.histogram(metadata(name, description, unit), tags(tags));
    return histogram::update;
  }

  @Override
  public void gauge(String name, String description, String unit, DoubleSupplier value) {
    registry.gauge(metadata(name, description, unit), value::getAsDouble);
  }

  private static Metadata metadata(String name, String description, String unit) {
    var builder = Metadata.builder().withName(name).withDescription(description);
    return (unit == null ? builder : builder.withUnit(unit)).build();
  }

  private static Tag[] tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(tag -> new Tag(tag.getKey(), tag.getValue()))
        .toArray(Tag[]::new);
  }

  @Override
  public String toString() {
    return "MicroProfile Metrics";
  }
}
