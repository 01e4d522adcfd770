package dev.modelcache.service.health;

import dev.modelcache.service.ModelCacheService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Up while the engine answers: its statistics can be read. */
@Liveness
@ApplicationScoped
public class EngineLiveness implements HealthCheck {
  @Inject ModelCacheService service;

  @Override
  public HealthCheckResponse call() {
    try {
      return CacheHealthData.build(HealthCheckResponse.named("model-cache-engine").up(), service);
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("model-cache-engine")
          .down()
          .withData("error", String.valueOf(e))
          .build();
    }
  }
}
