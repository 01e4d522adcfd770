package dev.modelcache.service.health;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponse.Status;

/**
 * Runs health checks and writes their answers in MicroProfile Health's JSON shape: {@code
 * {"status": "UP"|"DOWN", "checks": [{"name", "status", "data"}]}}, UP only if every check is. A
 * check that throws is DOWN, with the error in its data. Numbers and booleans in data stay JSON
 * numbers and booleans. Stateless.
 *
 * @param up whether every check is up (HTTP 200; 503 otherwise)
 * @param body the JSON answer
 */
record HealthReport(boolean up, JsonObject body) {

  static HealthReport of(List<? extends HealthCheck> checks) {
    return answers(
        checks.stream().map(check -> (Supplier<HealthCheckResponse>) check::call).toList());
  }

  static HealthReport answers(List<Supplier<HealthCheckResponse>> checks) {
    boolean up = true;
    JsonArrayBuilder array = Json.createArrayBuilder();
    for (Supplier<HealthCheckResponse> check : checks) {
      HealthCheckResponse answer = call(check);
      up &= answer.getStatus() == Status.UP;
      array.add(json(answer));
    }
    JsonObject body =
        Json.createObjectBuilder().add("status", up ? "UP" : "DOWN").add("checks", array).build();
    return new HealthReport(up, body);
  }

  private static HealthCheckResponse call(Supplier<HealthCheckResponse> check) {
    try {
      HealthCheckResponse answer = check.get();
      if (answer != null && answer.getName() != null && answer.getStatus() != null) {
        return answer;
      }
      return down("a health check answered without a name or status");
    } catch (RuntimeException e) {
      return down(String.valueOf(e));
    }
  }

  private static HealthCheckResponse down(String error) {
    return new HealthCheckResponse(
        "health-check-failure", Status.DOWN, Optional.of(Map.of("error", error)));
  }

  private static JsonObject json(HealthCheckResponse answer) {
    JsonObjectBuilder check =
        Json.createObjectBuilder()
            .add("name", answer.getName())
            .add("status", answer.getStatus().name());
    answer
        .getData()
        .ifPresent(
            data -> {
              JsonObjectBuilder values = Json.createObjectBuilder();
              data.forEach(
                  (key, value) -> {
                    if (value instanceof Long || value instanceof Integer) {
                      values.add(key, ((Number) value).longValue());
                    } else if (value instanceof Number n) {
                      values.add(key, n.doubleValue());
                    } else if (value instanceof Boolean b) {
                      values.add(key, b);
                    } else {
                      values.add(key, String.valueOf(value));
                    }
                  });
              check.add("data", values);
            });
    return check.build();
  }
}
