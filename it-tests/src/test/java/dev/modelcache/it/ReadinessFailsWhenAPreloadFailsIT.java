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
 * A model in {@code MODEL_CACHE_PRELOAD} that cannot be loaded keeps the service not ready (503
 * DOWN, with the failure in the check's data) while it stays live and serves other models. The
 * steps share one server and run in order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadinessFailsWhenAPreloadFailsIT {
  private static final String BROKEN = "broken/corrupt-model";

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.with(Map.of("MODEL_CACHE_PRELOAD", BROKEN));
  }

  @Test
  @Order(1)
  void readinessIsDownWithTheFailureWhileLivenessIsUp() {
    ServiceClient service = ServiceClient.at(base);

    Reply ready =
        Await.until(
            "preloading finished",
            Health.START_UP,
            () -> service.get("health/ready"),
            Health::settled);
    Reply live = service.get("health/live");
    Reply all = service.get("health");

    JsonObject readiness = ready.json(503);
    assertEquals("DOWN", readiness.getString("status"), ready::describe);
    JsonObject check = Health.check(readiness, "model-cache-ready");
    assertEquals("DOWN", check.getString("status"), ready::describe);
    JsonObject data = check.getJsonObject("data");
    assertEquals("preload failed", data.getString("state"), ready::describe);
    assertTrue(data.getString("failure_1").contains(BROKEN), ready::describe);
    assertEquals(0, Health.number(data, "models_loaded"), ready::describe);
    JsonObject liveness = live.json(200);
    assertEquals("UP", liveness.getString("status"), live::describe);
    assertEquals("DOWN", all.json(503).getString("status"), all::describe);
  }

  @Test
  @Order(2)
  void otherModelsAreStillServed() {
    ServiceClient.at(base).post("predict", predictBody("hello", "tiny-a")).ok();
  }
}
