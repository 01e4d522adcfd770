package dev.modelcache.service.metrics.mp;

import dev.modelcache.service.metrics.MetricsExport;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Publishes the service's metrics to the server's MicroProfile Metrics application registry. A bean
 * only where the server has the API ({@code beans.xml}); where it has the API but no registry, it
 * publishes nothing and says so once. Thread-safe, as the registry.
 */
@ApplicationScoped
public class MicroProfileMetricsExport implements MetricsExport {
  private static final System.Logger LOG =
      System.getLogger(MicroProfileMetricsExport.class.getName());

  @Inject Instance<MetricRegistry> registries;

  private MetricRegistry registry;

  @PostConstruct
  void start() {
    if (registries.isResolvable()) {
      registry = registries.get();
    } else {
      LOG.log(
          Level.WARNING,
          "the server has MicroProfile Metrics' API but no registry; metrics only at /metrics");
    }
  }

  @Override
  public Counter counter(String name, String description, Map<String, String> tags) {
    if (registry == null) {
      return MetricsExport.none().counter(name, description, tags);
    }
    org.eclipse.microprofile.metrics.Counter counter =
        registry.counter(metadata(name, description, null), tags(tags));
    return counter::inc;
  }

  @Override
  public Histogram histogram(
      String name, String description, String unit, Map<String, String> tags) {
    if (registry == null) {
      return MetricsExport.none().histogram(name, description, unit, tags);
    }
    org.eclipse.microprofile.metrics.Histogram histogram =
        registry.histogram(metadata(name, description, unit), tags(tags));
    return histogram::update;
  }

  @Override
  public void gauge(String name, String description, String unit, DoubleSupplier value) {
    if (registry != null) {
      registry.gauge(metadata(name, description, unit), value::getAsDouble);
    }
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
}
