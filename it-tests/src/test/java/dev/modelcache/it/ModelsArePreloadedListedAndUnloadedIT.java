package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
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
 * A model's life through {@code /models}: preloaded and pinned, listed as loaded beside every model
 * the repository holds, described on its own, used by name, unloaded. The model is {@code
 * acme/tiny-classifier}: a name with a slash, written as is in every path. The steps share one
 * server and run in order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelsArePreloadedListedAndUnloadedIT {
  private static final String NESTED = "acme/tiny-classifier";

  /** Every model of the test repository (see this module's pom). */
  private static final Set<String> REPOSITORY =
      Set.of(
          "acme/tiny-classifier",
          "bert-base-uncased",
          "broken/corrupt-model",
          "roberta-base",
          "spam-detector",
          "tiny-a",
          "tiny-b",
          "tiny-c",
          "tiny-d",
          "tiny-e",
          "tiny-embed");

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.withDefaults();
  }

  @Test
  @Order(1)
  void preloadWithPinLoadsTheModelThenFindsItAlreadyLoaded() {
    ServiceClient service = ServiceClient.at(base);

    JsonObject first = service.post("models/" + NESTED + "/preload", "pin", true).ok();
    JsonObject second = service.post("models/" + NESTED + "/preload", "pin", true).ok();

    assertEquals("loaded", first.getString("status"), first::toString);
    assertEquals(NESTED, first.getString("model_name"));
    assertTrue(first.getBoolean("pinned"), first::toString);
    assertEquals("already_loaded", second.getString("status"), second::toString);
    assertTrue(second.getBoolean("pinned"), second::toString);
  }

  @Test
  @Order(2)
  void theListShowsItLoadedAndEveryRepositoryModelAvailable() {
    JsonObject models = ServiceClient.at(base).get("models").ok();

    List<JsonObject> loaded = models.getJsonArray("loaded").getValuesAs(JsonObject.class);
    assertEquals(1, loaded.size(), models::toString);
    assertDescribesPinnedNestedModel(loaded.get(0));
    Set<String> available =
        models.getJsonArray("available").getValuesAs(JsonString.class).stream()
            .map(JsonString::getString)
            .collect(Collectors.toSet());
    assertTrue(
        available.containsAll(REPOSITORY),
        "available " + available + " lacks some of " + REPOSITORY);
    assertFalse(available.contains("tiny-b/onnx"), "tiny-b keeps its graph in onnx/: " + available);
  }

  @Test
  @Order(3)
  void aLoadedModelIsDescribedByItsNameWithASlash() {
    assertDescribesPinnedNestedModel(ServiceClient.at(base).get("models/" + NESTED).ok());
  }

  @Test
  @Order(4)
  void aModelThatIsNotLoadedIsNotFoundThere() {
    String message = ServiceClient.at(base).get("models/tiny-e").error(404, "model_not_found");

    assertTrue(message.contains("tiny-e"), message);
  }

  @Test
  @Order(5)
  void theNestedNameWorksInPredictAndInStats() {
    ServiceClient service = ServiceClient.at(base);

    JsonObject answer = service.post("predict", predictBody("hello there", NESTED)).ok();
    JsonObject stats = service.get("stats").ok();

    assertEquals(NESTED, answer.getString("model_name"));
    assertTrue(answer.getBoolean("cached"), "preloaded in step 1: " + answer);
    Optional<JsonObject> inStats =
        stats.getJsonArray("models").getValuesAs(JsonObject.class).stream()
            .filter(m -> m.getString("model_name").equals(NESTED))
            .findFirst();
    assertTrue(inStats.isPresent(), stats::toString);
    assertEquals(1, inStats.get().getInt("inference_count"), stats::toString);
  }

  @Test
  @Order(6)
  void deleteUnloadsThePinnedModelThenFindsItNotLoaded() {
    ServiceClient service = ServiceClient.at(base);

    JsonObject first = service.delete("models/" + NESTED).ok();
    JsonObject second = service.delete("models/" + NESTED).ok();

    assertEquals("unloaded", first.getString("status"), first::toString);
    assertEquals(NESTED, first.getString("model_name"));
    assertFalse(first.getBoolean("pinned"), first::toString);
    assertEquals("not_loaded", second.getString("status"), second::toString);
    service.get("models/" + NESTED).error(404, "model_not_found");
    assertEquals(0, service.get("models").ok().getJsonArray("loaded").size());
  }

  private static void assertDescribesPinnedNestedModel(JsonObject model) {
    String all = model.toString();
    assertEquals(NESTED, model.getString("model_name"), all);
    assertEquals("sequence_classification", model.getString("task"), all);
    assertTrue(model.getBoolean("pinned"), all);
    assertTrue(model.getJsonNumber("memory_mb").doubleValue() > 0, all);
    assertTrue(Set.of("measured", "estimated").contains(model.getString("memory_method")), all);
    assertTrue(model.getJsonNumber("load_time_ms").doubleValue() > 0, all);
    Instant loadedAt = Instant.parse(model.getString("loaded_at"));
    assertFalse(Instant.parse(model.getString("last_used")).isBefore(loadedAt), all);
    assertEquals(0, model.getInt("active_requests"), all);
    assertEquals(0, model.getInt("reload_count"), all);
    for (String field : List.of("request_count", "inference_count")) {
      assertTrue(model.containsKey(field), all);
    }
  }
}
