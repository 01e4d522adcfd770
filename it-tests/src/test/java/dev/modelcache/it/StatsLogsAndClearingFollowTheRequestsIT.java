package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.batchBody;
import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * {@code /stats}, {@code /logs} and {@code /clear-cache} after a known sequence of requests on a
 * cache of at most three models: hits and misses counted, a count eviction with its cause, load,
 * eviction and unload events per model, and clearing that keeps the pinned model. The steps share
 * one server and run in order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatsLogsAndClearingFollowTheRequestsIT {
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.with(Map.of("MODEL_CACHE_MAX_MODELS", "3"));
  }

  @Test
  @Order(1)
  void statsCountHitsMissesAndEveryLoadedModel() {
    ServiceClient service = ServiceClient.at(base);
    service.post("predict", predictBody("first", "tiny-a")).ok(); // miss
    service.post("predict", predictBody("second", "tiny-a")).ok(); // hit
    service.post("predict", predictBody("third", "tiny-b")).ok(); // miss
    service.post("predict/batch", batchBody(List.of("4th", "5th"), "tiny-a")).ok(); // hit
    service.post("models/tiny-c/preload", "pin", true).ok(); // a load, not a request

    JsonObject stats = service.get("stats").ok();

    String all = stats.toString();
    assertEquals(4, stats.getInt("total_requests"), all);
    assertEquals(2, stats.getInt("cache_hits"), all);
    assertEquals(2, stats.getInt("cache_misses"), all);
    assertEquals(0.5, stats.getJsonNumber("hit_rate").doubleValue(), 1e-9, all);
    assertEquals(3, stats.getInt("models_loaded"), all);
    assertEquals(3, stats.getInt("max_models"), all);
    assertEquals(2048, stats.getJsonNumber("max_memory_mb").doubleValue(), 1e-9, all);
    assertEquals(3, stats.getInt("loads"), all);
    assertEquals(0, stats.getInt("load_failures"), all);
    assertEquals(0, stats.getInt("rejected"), all);
    assertTrue(stats.getJsonNumber("average_load_time_ms").doubleValue() > 0, all);
    double memory = stats.getJsonNumber("memory_usage_mb").doubleValue();
    assertTrue(memory > 0, all);
    List<JsonObject> models = stats.getJsonArray("models").getValuesAs(JsonObject.class);
    assertEquals(
        List.of("tiny-a", "tiny-b", "tiny-c"),
        models.stream().map(m -> m.getString("model_name")).toList(),
        all);
    double sum = models.stream().mapToDouble(m -> m.getJsonNumber("memory_mb").doubleValue()).sum();
    assertEquals(memory, sum, 0.05, "memory_usage_mb is the models' memory_mb added up: " + all);
    assertEquals(3, models.get(0).getInt("request_count"), all);
    assertEquals(4, models.get(0).getInt("inference_count"), "1 + 1 + a batch of 2: " + all);
    assertEquals(1, models.get(1).getInt("request_count"), all);
    assertEquals(1, models.get(1).getInt("inference_count"), all);
    assertFalse(models.get(0).getBoolean("pinned"), all);
    assertTrue(models.get(2).getBoolean("pinned"), all);
    assertEquals(0, models.get(2).getInt("inference_count"), all);
  }

  @Test
  @Order(2)
  void aFourthModelEvictsTheLeastRecentlyUsedUnpinnedOneForCount() {
    ServiceClient service = ServiceClient.at(base);

    JsonObject answer = service.post("predict", predictBody("fourth model", "tiny-d")).ok();
    JsonObject stats = service.get("stats").ok();

    assertFalse(answer.getBoolean("cached"), answer::toString);
    String all = stats.toString();
    assertEquals(
        List.of("tiny-a", "tiny-c", "tiny-d"),
        stats.getJsonArray("models").getValuesAs(JsonObject.class).stream()
            .map(m -> m.getString("model_name"))
            .toList(),
        "tiny-b was used least recently and tiny-c is pinned: " + all);
    assertEquals(1, count(stats, "evicted_count"), all);
    assertEquals(0, count(stats, "evicted_size"), all);
    assertEquals(5, stats.getInt("total_requests"), all);
    assertEquals(3, stats.getInt("cache_misses"), all);
    List<JsonObject> events = logs(service, "tiny-b", 10);
    assertEquals(List.of("loaded", "evicted"), types(events).subList(0, 2), events::toString);
    assertTrue(events.get(1).getString("message").contains("EVICTED_COUNT"), events::toString);
  }

  @Test
  @Order(3)
  void logsShowOneModelsEventsWithTimeAndMessageAndRespectTheLimit() {
    ServiceClient service = ServiceClient.at(base);

    List<JsonObject> tinyA = logs(service, "tiny-a", 10);
    List<JsonObject> lastTwo = logs(service, null, 2);

    assertEquals(List.of("loaded"), types(tinyA), tinyA::toString);
    JsonObject load = tinyA.get(0);
    assertEquals("tiny-a", load.getString("model_name"));
    Instant.parse(load.getString("timestamp"));
    assertTrue(load.getString("message").contains("tiny-a"), load::toString);
    assertEquals(2, lastTwo.size(), "limit=2: " + lastTwo);
    JsonObject newest = lastTwo.get(1);
    assertEquals("tiny-d", newest.getString("model_name"), "newest last: " + lastTwo);
    assertEquals("loaded", newest.getString("event"), lastTwo::toString);
    assertEquals(1, logs(service, "tiny-a", 1).size());
    service.get("logs", "limit", 0).error(400, "invalid_input");
  }

  @Test
  @Order(4)
  void clearingUnloadsEveryUnpinnedModelAndKeepsThePinnedOne() {
    ServiceClient service = ServiceClient.at(base);

    JsonObject cleared = service.post("clear-cache").ok();
    JsonObject stats = service.get("stats").ok();

    assertEquals("cleared", cleared.getString("status"), cleared::toString);
    assertEquals(2, cleared.getInt("models_unloaded"), cleared::toString);
    assertEquals(1, cleared.getInt("pinned_kept"), cleared::toString);
    assertEquals(1, stats.getInt("models_loaded"), stats::toString);
    assertEquals("tiny-c", stats.getJsonArray("models").getJsonObject(0).getString("model_name"));
    assertEquals(2, count(stats, "explicit"), stats::toString);
    List<String> tinyA = types(logs(service, "tiny-a", 10));
    assertTrue(tinyA.contains("unloaded"), tinyA::toString);

    service.delete("models/tiny-c").ok();
    JsonObject empty = service.get("stats").ok();
    assertEquals(0, empty.getInt("models_loaded"), empty::toString);
    assertEquals(0, empty.getJsonNumber("memory_usage_mb").doubleValue(), 1e-9, empty::toString);
  }

  private static List<JsonObject> logs(ServiceClient service, String model, int limit) {
    JsonObject reply =
        model == null
            ? service.get("logs", "limit", limit).ok()
            : service.get("logs", "model_name", model, "limit", limit).ok();
    return reply.getJsonArray("logs").getValuesAs(JsonObject.class);
  }

  private static List<String> types(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("event")).toList();
  }

  private static long count(JsonObject stats, String cause) {
    JsonObject evictions = stats.getJsonObject("evictions");
    return evictions.containsKey(cause) ? evictions.getJsonNumber(cause).longValue() : 0;
  }
}
