package dev.modelcache.service.metrics;

import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.metrics.mp.MicroProfileMetricsExport;
import dev.modelcache.service.settings.MicroProfileParts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.lang.System.Logger.Level;

/**
 * Gives the application its {@link MetricsExport}: the server's MicroProfile Metrics where it has
 * them and {@code ENABLE_METRICS} is true, else {@link MetricsExport#none()}.
 */
@ApplicationScoped
public class MetricsExportProducer {
  private static final System.Logger LOG = System.getLogger(MetricsExportProducer.class.getName());

  @Produces
  @Singleton
  MetricsExport export(MicroProfileParts parts, ModelCacheService service) {
    if (!service.config().metricsEnabled() || !parts.has(MicroProfileParts.Part.METRICS)) {
      return MetricsExport.none();
    }
    return MicroProfileMetricsExport.fromServer()
        .orElseGet(
            () -> {
              LOG.log(
                  Level.WARNING,
                  "the server has MicroProfile Metrics' API but no registry; metrics only at"
                      + " /metrics");
              return MetricsExport.none();
            });
  }
}
