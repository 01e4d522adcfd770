package dev.modelcache.service.health.mp;

import dev.modelcache.service.health.EngineLiveness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** {@link EngineLiveness} for the server's MicroProfile Health endpoint. */
@Liveness
@ApplicationScoped
public class EngineLivenessCheck implements HealthCheck {
  @Inject EngineLiveness check;

  @Override
  public HealthCheckResponse call() {
    return MicroProfileHealthChecks.answer(check);
  }
}
