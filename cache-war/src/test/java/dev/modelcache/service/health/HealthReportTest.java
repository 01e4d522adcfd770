package dev.modelcache.service.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class HealthReportTest {

  private static Supplier<CheckResult> check(String name, boolean up, Map<String, Object> data) {
    return () -> new CheckResult(name, up, data);
  }

  @Test
  void allUpIsUpInMicroProfileHealthsShapeWithTypedData() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("models_loaded", 2L);
    data.put("hit_rate", 0.5);
    data.put("state", "ready");
    data.put("pinned", true);

    HealthReport report =
        HealthReport.answers(List.of(check("engine", true, data), check("ready", true, Map.of())));

    assertTrue(report.up());
    JsonObject body = report.body();
    assertEquals("UP", body.getString("status"));
    JsonObject engine = body.getJsonArray("checks").getJsonObject(0);
    assertEquals("engine", engine.getString("name"));
    assertEquals("UP", engine.getString("status"));
    assertEquals(2, engine.getJsonObject("data").getInt("models_loaded"));
    assertEquals(0.5, engine.getJsonObject("data").getJsonNumber("hit_rate").doubleValue());
    assertEquals("ready", engine.getJsonObject("data").getString("state"));
    assertTrue(engine.getJsonObject("data").getBoolean("pinned"));
    assertEquals(2, body.getJsonArray("checks").size());
  }

  @Test
  void oneDownCheckMakesTheWholeDown() {
    HealthReport report =
        HealthReport.answers(
            List.of(check("a", true, Map.of()), check("b", false, Map.of("state", "x"))));

    assertFalse(report.up());
    assertEquals("DOWN", report.body().getString("status"));
  }

  @Test
  void aCheckThatThrowsIsDownWithTheError() {
    HealthReport report =
        HealthReport.answers(
            List.of(
                () -> {
                  throw new IllegalStateException("engine closed");
                }));

    assertFalse(report.up());
    JsonObject failed = report.body().getJsonArray("checks").getJsonObject(0);
    assertEquals("DOWN", failed.getString("status"));
    assertTrue(failed.getJsonObject("data").getString("error").contains("engine closed"));
  }

  @Test
  void noChecksIsUp() {
    HealthReport report = HealthReport.answers(List.of());

    assertTrue(report.up());
    assertEquals(0, report.body().getJsonArray("checks").size());
  }
}
