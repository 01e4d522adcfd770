package dev.modelcache.service.health;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.function.Supplier;

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

  static HealthReport of(List<? extends ServiceCheck> checks) {
    return answers(checks.stream().map(check -> (Supplier<CheckResult>) check::call).toList());
  }

  static HealthReport answers(List<Supplier<CheckResult>> checks) {
    boolean up = true;
    JsonArrayBuilder array = Json.createArrayBuilder();
    for (Supplier<CheckResult> check : checks) {
      CheckResult answer = call(check);
      up &= answer.up();
      array.add(json(answer));
    }
    JsonObject body =
        Json.createObjectBuilder().add("status", up ? "UP" : "DOWN").add("checks", array).build();
    return new HealthReport(up, body);
  }

  private static CheckResult call(Supplier<CheckResult> check) {
    try {
      CheckResult answer = check.get();
      return answer != null
          ? answer
          : CheckResult.down("health-check-failure", "a health check answered nothing");
    } catch (RuntimeException e) {
      return CheckResult.down("health-check-failure", String.valueOf(e));
    }
  }

  private static JsonObject json(CheckResult answer) {
    JsonObjectBuilder check =
        Json.createObjectBuilder()
            .add("name", answer.name())
            .add("status", answer.up() ? "UP" : "DOWN");
    if (!answer.data().isEmpty()) {
      JsonObjectBuilder values = Json.createObjectBuilder();
      answer
          .data()
          .forEach(
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
    }
    return check.build();
  }
}
