package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.batchBody;
import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
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
 * A 4 MiB budget is smaller than every model of the test repository (the smallest promises 4.7 MB
 * from its files): each model, by prediction, batch and preload, is refused with 507 before any of
 * its files is loaded, and the service stays healthy and answers its other endpoints.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EveryModelIsRefusedWhenTheBudgetFitsNoneIT {
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.with(Map.of("MODEL_CACHE_MAX_MEMORY_MB", "4"));
  }

  @Test
  void eachModelIsRefusedEveryWayAndNothingIsLoaded() {
    ServiceClient service = ServiceClient.at(base);
    List<String> models =
        service.get("models").ok().getJsonArray("available").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .toList();
    assertTrue(models.size() >= 10, models::toString);

    for (String model : models) {
      for (String message :
          List.of(
              service
                  .post("predict", predictBody("hello", model))
                  .error(507, "insufficient_memory"),
              service
                  .post("predict/batch", batchBody(List.of("a", "b"), model))
                  .error(507, "insufficient_memory"),
              service.post("models/" + model + "/preload").error(507, "insufficient_memory"))) {
        assertTrue(message.contains("'" + model + "'"), message);
        assertTrue(message.contains("size estimated from its files"), message);
      }
    }
    JsonObject stats = service.get("stats").ok();
    JsonObject health = service.get("health").ok();

    System.out.printf("4 MiB budget: %d models x 3 ways refused with 507%n", models.size());
    assertEquals(3 * models.size(), stats.getInt("rejected"), stats::toString);
    assertEquals(0, stats.getInt("loads"), stats::toString);
    assertEquals(0, stats.getInt("load_failures"), stats::toString);
    assertEquals(0, stats.getInt("models_loaded"), stats::toString);
    assertEquals("UP", health.getString("status"), health::toString);
  }
}
