package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.modelcache.it.support.Reply;
import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * An 8 MiB budget: a tiny model's files promise about 5 MB, so it is admitted and loaded, but its
 * load measures about 14 MB of resident growth, so it is refused with 507 after the load and
 * nothing stays charged. The spam detector's files alone promise 8.9 MB: refused before loading.
 * Then every model, again and again: only 200 or 507 answers, and the budget is never exceeded in
 * the cache's accounting. The steps share one server and run in order.
 *
 * <p>A model refused for its measured size is judged on that measurement when asked again: refused
 * up front, never loaded a second time (a reload that reused freed memory could measure less and
 * slip in).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AModelMeasuredAboveTheBudgetIsRefusedAfterItsLoadIT {
  private static final double BUDGET_MB = 8;
  private static final List<String> MODELS =
      List.of("tiny-a", "tiny-b", "tiny-c", "tiny-d", "tiny-e", "tiny-embed", "spam-detector");

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.with(
        Map.of("MODEL_CACHE_MAX_MEMORY_MB", String.valueOf((int) BUDGET_MB)));
  }

  @Test
  @Order(1)
  void theFirstLoadMeasuresMoreThanTheBudgetAndIsRefusedWithNothingCharged() {
    ServiceClient service = ServiceClient.at(base);

    String message =
        service.post("predict", predictBody("hello", "tiny-a")).error(507, "insufficient_memory");
    JsonObject stats = service.get("stats").ok();
    JsonObject logs = service.get("logs", "model_name", "tiny-a").ok();

    assertTrue(message.contains("size MEASURED at load"), message);
    assertTrue(message.contains("at most 8.0 MB of the budget can be freed"), message);
    assertEquals(1, stats.getInt("rejected"), stats::toString);
    assertEquals(0, stats.getInt("loads"), stats::toString);
    assertEquals(0, stats.getInt("models_loaded"), stats::toString);
    assertEquals(0, stats.getJsonNumber("memory_usage_mb").doubleValue(), 1e-9, stats::toString);
    assertEquals(
        List.of("rejected"),
        logs.getJsonArray("logs").getValuesAs(JsonObject.class).stream()
            .map(e -> e.getString("event"))
            .toList(),
        logs::toString);
  }

  @Test
  @Order(2)
  void aRetryIsRefusedOnTheMeasurementWithoutLoadingTheModelAgain() {
    ServiceClient service = ServiceClient.at(base);
    JsonObject before = service.get("stats").ok();

    String message =
        service.post("predict", predictBody("hello", "tiny-a")).error(507, "insufficient_memory");
    JsonObject after = service.get("stats").ok();

    assertTrue(message.contains("size measured at an earlier load"), message);
    assertEquals(before.getInt("loads"), after.getInt("loads"), after::toString);
    assertEquals(before.getInt("load_failures"), after.getInt("load_failures"), after::toString);
    assertEquals(before.getInt("rejected") + 1, after.getInt("rejected"), after::toString);
  }

  @Test
  @Order(3)
  void aModelWhoseFilesAloneExceedTheBudgetIsRefusedBeforeLoading() {
    ServiceClient service = ServiceClient.at(base);
    int loadsBefore = service.get("stats").ok().getInt("loads");

    for (int i = 0; i < 3; i++) {
      String message =
          service
              .post("predict", predictBody("hello", "spam-detector"))
              .error(507, "insufficient_memory");
      assertTrue(message.contains("size estimated from its files"), message);
    }

    assertEquals(loadsBefore, service.get("stats").ok().getInt("loads"));
    assertEquals(
        "UP", service.get("health").ok().getString("status"), "healthy after the refusals");
  }

  @Test
  @Order(4)
  void underRepeatedRequestsOnlyDesignedAnswersAndTheBudgetHolds() {
    ServiceClient service = ServiceClient.at(base);
    Map<String, Map<Integer, Integer>> outcomes = new TreeMap<>();

    for (int round = 0; round < 3; round++) {
      for (String model : MODELS) {
        Reply reply = service.post("predict", predictBody("hello there", model));
        if (reply.status() == 507) {
          reply.error(507, "insufficient_memory");
        } else if (reply.status() == 200) {
          reply.ok();
        } else {
          fail("only 200 or 507 are designed here: " + reply.describe());
        }
        outcomes
            .computeIfAbsent(model, m -> new TreeMap<>())
            .merge(reply.status(), 1, Integer::sum);
        JsonObject stats = service.get("stats").ok();
        double used = stats.getJsonNumber("memory_usage_mb").doubleValue();
        assertTrue(used <= BUDGET_MB, () -> "over budget after " + model + ": " + stats);
        assertTrue(stats.getInt("models_loaded") <= stats.getInt("max_models"), stats::toString);
      }
    }

    JsonObject stats = service.get("stats").ok();
    System.out.printf(
        "8 MiB budget, 3 rounds of %s: answers by model and status %s; loads %d, rejected %d%n",
        MODELS, outcomes, stats.getInt("loads"), stats.getInt("rejected"));
    assertEquals(Map.of(507, 3), outcomes.get("spam-detector"), outcomes::toString);
    assertEquals(Map.of(507, 3), outcomes.get("tiny-a"), outcomes::toString);
    assertEquals("UP", service.get("health").ok().getString("status"));
  }
}
