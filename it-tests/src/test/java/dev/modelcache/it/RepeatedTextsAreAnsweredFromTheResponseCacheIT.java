package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.batchBody;
import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.Reply;
import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import java.net.URL;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the response cache on by default, a repeated text is answered from it ({@code
 * response_cached}, separate from the seed's {@code cached}), a batch is partly served from it,
 * {@code /stats} and the Prometheus text count it, and unloading the model forgets its answers.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RepeatedTextsAreAnsweredFromTheResponseCacheIT {
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.withDefaults();
  }

  @Test
  void repeatedTextsComeFromTheResponseCacheUntilTheModelIsUnloaded() {
    ServiceClient service = ServiceClient.at(base);
    JsonObject first = service.post("predict", predictBody("hello there", "tiny-a")).ok();
    JsonObject again = service.post("predict", predictBody("hello there", "tiny-a")).ok();
    JsonObject batch =
        service.post("predict/batch", batchBody(List.of("hello there", "new text"), "tiny-a")).ok();

    assertFalse(first.getBoolean("response_cached"), first::toString);
    assertFalse(first.getBoolean("cached"), first::toString);
    assertTrue(again.getBoolean("response_cached"), again::toString);
    assertTrue(again.getBoolean("cached"), again::toString);
    assertEquals(first.getJsonObject("scores"), again.getJsonObject("scores"));
    List<JsonObject> predictions = batch.getJsonArray("predictions").getValuesAs(JsonObject.class);
    assertTrue(predictions.get(0).getBoolean("response_cached"), batch::toString);
    assertFalse(predictions.get(1).getBoolean("response_cached"), batch::toString);
    assertEquals(1, batch.getInt("response_cache_hits"), batch::toString);

    JsonObject stats = service.get("stats").ok();
    JsonObject responses = stats.getJsonObject("response_cache");
    assertTrue(responses.getBoolean("enabled"), stats::toString);
    assertEquals(2, responses.getInt("hits"), stats::toString);
    assertEquals(2, responses.getInt("misses"), stats::toString);
    JsonObject batching = stats.getJsonObject("batching");
    assertEquals(2, batching.getInt("texts"), "only the unknown texts were queued: " + stats);
    assertEquals(0, batching.getInt("rejected"), stats::toString);
    Reply prometheus = service.getAs(MediaType.TEXT_PLAIN, "metrics");
    assertTrue(
        prometheus.body().contains("model_cache_response_cache_lookups_total{result=\"hit\"} 2"),
        prometheus.body());

    service.delete("models/tiny-a").ok();
    JsonObject afterUnload = service.post("predict", predictBody("hello there", "tiny-a")).ok();

    assertFalse(afterUnload.getBoolean("response_cached"), afterUnload::toString);
    assertEquals(first.getJsonObject("scores"), afterUnload.getJsonObject("scores"));
  }
}
