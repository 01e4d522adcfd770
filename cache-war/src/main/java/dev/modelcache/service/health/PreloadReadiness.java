package dev.modelcache.service.health;

import dev.modelcache.service.ModelCacheService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the engine is up and every model in {@code MODEL_CACHE_PRELOAD} is loaded; down while
 * preloading, if a preload failed (with the reason), and while stopping.
 */
@Readiness
@ApplicationScoped
public class PreloadReadiness implements HealthCheck {
  @Inject ModelCacheService service;

  @Override
  public HealthCheckResponse call() {
    ModelCacheService.Readiness readiness = service.readiness();
    HealthCheckResponseBuilder check =
        HealthCheckResponse.named("model-cache-ready")
            .status(readiness.ready())
            .withData("state", readiness.state());
    for (int i = 0; i < readiness.failures().size(); i++) {
      check.withData("failure_" + (i + 1), readiness.failures().get(i));
    }
    return CacheHealthData.build(check, service);
  }
}
