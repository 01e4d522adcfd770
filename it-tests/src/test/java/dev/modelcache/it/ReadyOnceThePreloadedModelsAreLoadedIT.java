package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.engine.testing.Await;
import dev.modelcache.it.support.Health;
import dev.modelcache.it.support.Reply;
import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With two models to preload, readiness turns UP once both are loaded and pinned; the health
 * answers carry the cache's figures, and liveness and the combined {@code /health} are UP. The
 * steps share one server and run in order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadyOnceThePreloadedModelsAreLoadedIT {
  private static final List<String> PRELOAD = List.of("spam-detector", "acme/tiny-classifier");
  private static final Set<String> CACHE_DATA =
      Set.of(
          "models_loaded",
          "max_models",
          "memory_usage_mb",
          "max_memory_mb",
          "hit_rate",
          "uptime_seconds");

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.with(Map.of("MODEL_CACHE_PRELOAD", String.join(",", PRELOAD)));
  }

  @Test
  @Order(1)
  void readinessIsUpWithTheCacheFiguresOncePreloadingIsDone() {
    ServiceClient service = ServiceClient.at(base);

    Reply ready =
        Await.until(
            "preloading finished",
            Health.START_UP,
            () -> service.get("health/ready"),
            Health::settled);

    JsonObject health = ready.json(200);
    assertEquals("UP", health.getString("status"), ready::describe);
    JsonObject check = Health.check(health, "model-cache-ready");
    assertEquals("UP", check.getString("status"), ready::describe);
    JsonObject data = check.getJsonObject("data");
    assertTrue(data.keySet().containsAll(CACHE_DATA), ready::describe);
    assertEquals("ready", data.getString("state"), ready::describe);
    assertEquals(2, Health.number(data, "models_loaded"), ready::describe);
    assertEquals(5, Health.number(data, "max_models"), ready::describe);
    assertEquals(2048, Health.number(data, "max_memory_mb"), ready::describe);
    assertTrue(Health.number(data, "memory_usage_mb") >= 0, ready::describe);
    assertEquals(0, Health.number(data, "hit_rate"), 1e-9, ready::describe);
    assertTrue(Health.number(data, "uptime_seconds") >= 0, ready::describe);
  }

  @Test
  @Order(2)
  void thePreloadedModelsArePinnedAndServeTheFirstRequestFromTheCache() {
    ServiceClient service = ServiceClient.at(base);

    JsonObject stats = service.get("stats").ok();
    JsonObject answer =
        service.post("predict", predictBody("Are we still on?", PRELOAD.get(1))).ok();

    List<JsonObject> models = stats.getJsonArray("models").getValuesAs(JsonObject.class);
    assertEquals(
        List.of("acme/tiny-classifier", "spam-detector"),
        models.stream().map(m -> m.getString("model_name")).toList(),
        stats::toString);
    assertTrue(models.stream().allMatch(m -> m.getBoolean("pinned")), stats::toString);
    assertEquals(0, stats.getInt("total_requests"), "preloads are not requests: " + stats);
    assertTrue(answer.getBoolean("cached"), answer::toString);
  }

  @Test
  @Order(3)
  void livenessAndTheCombinedHealthAreUp() {
    ServiceClient service = ServiceClient.at(base);

    Reply live = service.get("health/live");
    Reply all = service.get("health");

    JsonObject liveness = live.json(200);
    assertEquals("UP", liveness.getString("status"), live::describe);
    JsonObject engine = Health.check(liveness, "model-cache-engine");
    assertTrue(engine.getJsonObject("data").keySet().containsAll(CACHE_DATA), live::describe);
    for (String field : CACHE_DATA) {
      Health.number(engine.getJsonObject("data"), field); // a JSON number, as the seed shows it
    }
    JsonObject combined = all.json(200);
    assertEquals("UP", combined.getString("status"), all::describe);
    Health.check(combined, "model-cache-engine");
    Health.check(combined, "model-cache-ready");
  }
}
