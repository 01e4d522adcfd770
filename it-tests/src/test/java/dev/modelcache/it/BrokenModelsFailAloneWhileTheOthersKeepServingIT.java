package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.FaultModels;
import dev.modelcache.it.support.Reply;
import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.JsonObject;
import java.net.URL;
import java.util.ArrayList;
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
 * Corrupt, truncated, empty and missing model files, a tokenizer or config that does not parse, a
 * graph that needs an input the engine does not produce and a file that no longer matches its
 * manifest ({@link FaultModels}): each is answered with the designed JSON error, by a prediction
 * and by a preload alike, and is never cached; the two good models answer the same before, between
 * and after, and the service stays healthy.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BrokenModelsFailAloneWhileTheOthersKeepServingIT {
  private static final String TEXT = "the cat sits on the mat";

  /** A broken model, the status and error code it must get, and what the message must say. */
  record Broken(String model, int status, String error, String says) {}

  private static final List<Broken> BROKEN =
      List.of(
          new Broken("tampered", 503, "model_load_failed", "SHA256SUMS: model.onnx has sha256 "),
          new Broken(
              "truncated-graph", 503, "model_load_failed", "model.onnx is not a loadable ONNX"),
          new Broken("empty-graph", 503, "model_load_failed", "model.onnx is not a loadable ONNX"),
          new Broken("no-graph", 404, "model_not_found", "'no-graph'"),
          new Broken("no-tokenizer", 503, "model_load_failed", "has no tokenizer.json"),
          new Broken("bad-tokenizer", 503, "model_load_failed", "cannot parse tokenizer.json"),
          new Broken("bad-config", 503, "model_load_failed", "config.json is not valid JSON"),
          new Broken(
              "needs-decoder-input-ids",
              503,
              "model_load_failed",
              "the graph needs input 'decoder_input_ids', which this engine does not produce"));

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.with(
        Map.of("MODEL_CACHE_MODEL_DIR", FaultModels.repository().toString()));
  }

  @Test
  void eachBrokenModelGetsItsErrorAndTheGoodOnesAnswerAsBefore() {
    ServiceClient service = ServiceClient.at(base);
    Map<String, JsonObject> before = goodAnswers(service);

    List<String> messages = new ArrayList<>();
    for (Broken broken : BROKEN) {
      for (int attempt = 0; attempt < 2; attempt++) {
        Reply predicted = service.post("predict", predictBody(TEXT, broken.model()));
        Reply preloaded = service.post("models/" + broken.model() + "/preload");
        for (Reply reply : List.of(predicted, preloaded)) {
          String message = reply.error(broken.status(), broken.error());
          assertTrue(message.contains(broken.says()), reply::describe);
          assertTrue(message.contains(broken.model()), reply::describe);
          messages.add(message);
        }
      }
      assertEquals(before, goodAnswers(service), "after " + broken.model());
    }
    JsonObject stats = service.get("stats").ok();
    JsonObject health = service.get("health").ok();
    JsonObject logs = service.get("logs", "limit", 1000).ok();

    System.out.printf("%d broken-model requests answered as designed:%n", messages.size());
    messages.stream().distinct().forEach(m -> System.out.println("  " + m));
    assertEquals("UP", health.getString("status"), health::toString);
    long loadingFailures = BROKEN.stream().filter(b -> b.status() == 503).count();
    // Two predictions and two preloads each, none cached: every one tried the files again.
    assertEquals(4 * loadingFailures, stats.getInt("load_failures"), stats::toString);
    assertEquals(FaultModels.GOOD.size(), stats.getInt("models_loaded"), stats::toString);
    assertEquals(FaultModels.GOOD.size(), stats.getInt("loads"), stats::toString);
    assertEquals(0, stats.getInt("rejected"), stats::toString);
    long failedEvents =
        logs.getJsonArray("logs").getValuesAs(JsonObject.class).stream()
            .filter(e -> e.getString("event").equals("load_failed"))
            .count();
    assertEquals(4 * loadingFailures, failedEvents, logs::toString);
  }

  /** The answer of each good model, without its timing and cache fields. */
  private static Map<String, JsonObject> goodAnswers(ServiceClient service) {
    Map<String, JsonObject> answers = new java.util.TreeMap<>();
    for (String model : FaultModels.GOOD) {
      JsonObject answer = service.post("predict", predictBody(TEXT, model)).ok();
      answers.put(
          model,
          jakarta.json.Json.createObjectBuilder(answer)
              .remove("processing_time_ms")
              .remove("cached")
              .remove("response_cached")
              .build());
    }
    return answers;
  }
}
