package dev.modelcache.service.health.mp;

import dev.modelcache.service.health.PreloadReadiness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** {@link PreloadReadiness} for the server's MicroProfile Health endpoint. */
@Readiness
@ApplicationScoped
public class PreloadReadinessCheck implements HealthCheck {
  @Inject PreloadReadiness check;

  @Override
  public HealthCheckResponse call() {
    return MicroProfileHealthChecks.answer(check);
  }
}
