package dev.modelcache.service.health.mp;

import dev.modelcache.service.health.CheckResult;
import dev.modelcache.service.health.ServiceCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** A service check's answer as MicroProfile Health's response. */
final class MicroProfileHealthChecks {
  private MicroProfileHealthChecks() {}

  static HealthCheckResponse answer(ServiceCheck check) {
    CheckResult result = check.call();
    HealthCheckResponseBuilder response =
        HealthCheckResponse.named(result.name()).status(result.up());
    result
        .data()
        .forEach(
            (key, value) -> {
              if (value instanceof Long || value instanceof Integer) {
                response.withData(key, ((Number) value).longValue());
              } else if (value instanceof Boolean b) {
                response.withData(key, b);
              } else {
                response.withData(key, String.valueOf(value));
              }
            });
    return response.build();
  }
}
