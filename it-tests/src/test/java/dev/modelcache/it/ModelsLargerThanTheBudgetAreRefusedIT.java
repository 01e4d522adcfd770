package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.batchBody;
import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With a 1 MiB budget not even a tiny model fits: predictions and preloads are refused with 507
 * {@code insufficient_memory}, nothing is loaded, and each refusal is counted and logged.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ModelsLargerThanTheBudgetAreRefusedIT {
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.with(Map.of("MODEL_CACHE_MAX_MEMORY_MB", "1"));
  }

  @Test
  void everyWayOfLoadingATinyModelIsRefusedAndNothingIsLoaded() {
    ServiceClient service = ServiceClient.at(base);

    String predict =
        service.post("predict", predictBody("hello", "tiny-a")).error(507, "insufficient_memory");
    service
        .post("predict/batch", batchBody(List.of("a", "b"), "tiny-a"))
        .error(507, "insufficient_memory");
    service.post("models/tiny-a/preload").error(507, "insufficient_memory");
    JsonObject stats = service.get("stats").ok();
    JsonObject logs = service.get("logs", "model_name", "tiny-a").ok();

    assertTrue(predict.contains("tiny-a"), predict);
    assertTrue(predict.contains("MODEL_CACHE_MAX_MEMORY_MB"), "says what to change: " + predict);
    assertEquals(3, stats.getInt("rejected"), stats::toString);
    assertEquals(0, stats.getInt("loads"), stats::toString);
    assertEquals(0, stats.getInt("models_loaded"), stats::toString);
    assertEquals(1, stats.getJsonNumber("max_memory_mb").doubleValue(), 1e-9, stats::toString);
    assertEquals(
        List.of("rejected", "rejected", "rejected"),
        logs.getJsonArray("logs").getValuesAs(JsonObject.class).stream()
            .map(e -> e.getString("event"))
            .toList(),
        logs::toString);
  }
}
