package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.engine.model.fake.FakeMlflow;
import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import dev.modelcache.it.support.TreeListing;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Models named {@code models:/name@alias} and {@code models:/name/version} are resolved through an
 * MLflow tracking server on loopback ({@link FakeMlflow}: the registry's REST routes and the
 * artifact proxy, a bearer token required), downloaded into the service's MLflow cache keyed by
 * name and version, and predicted, preloaded and counted under those names. Version 1 of {@code
 * prompt-guard} is a tiny classifier, version 2 (alias {@code champion}) the spam detector, both
 * logged as {@code mlflow.onnx} models with their tokenizer and config.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryModelsAreResolvedThroughMlflowIT {
  private static final String TOKEN = "mlflow-it-token";
  private static final String CHAMPION = "models:/prompt-guard@champion";
  private static final String VERSION_1 = "models:/prompt-guard/1";
  private static final String SPAM_TEXT = "WIN a FREE cruise!!! Click here to claim your prize";

  private static FakeMlflow mlflow;
  private static Path cache;

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() throws IOException {
    Path repository = ServiceDeployment.modelRepository();
    cache = repository.resolveSibling("mlflow-cache-" + ProcessHandle.current().pid());
    mlflow = FakeMlflow.start();
    mlflow.requireBearer(TOKEN);
    mlflow.register("prompt-guard", repository.resolve("tiny-a"));
    int champion = mlflow.register("prompt-guard", repository.resolve("spam-detector"));
    mlflow.setAlias("prompt-guard", "champion", champion);
    return ServiceDeployment.with(
        Map.of(
            "MLFLOW_TRACKING_URI", mlflow.trackingUri().toString(),
            "MLFLOW_TRACKING_TOKEN", TOKEN,
            "MODEL_CACHE_MLFLOW_CACHE", cache.toString()));
  }

  @AfterAll
  static void stopMlflow() {
    mlflow.close();
  }

  @Test
  @Order(1)
  void anAliasIsResolvedDownloadedAndPredicted() {
    JsonObject answer =
        ServiceClient.at(base).post("predict", predictBody(SPAM_TEXT, CHAMPION)).ok();

    assertEquals("SPAM", answer.getString("prediction"), answer::toString);
    assertEquals(CHAMPION, answer.getString("model_name"));
    assertEquals(1, mlflow.requests("alias"), "one alias lookup");
  }

  @Test
  @Order(2)
  void theDownloadIsCachedByNameAndVersionWithNoPartialFolders() {
    List<String> listing = TreeListing.of(cache);
    System.out.println("MLflow cache after the download (" + cache.getFileName() + "):");
    listing.forEach(line -> System.out.println("  " + line));

    Path version = cache.resolve("prompt-guard").resolve("2");
    assertTrue(Files.isRegularFile(version.resolve("model.onnx")), listing::toString);
    assertTrue(Files.isRegularFile(version.resolve("tokenizer.json")), listing::toString);
    assertTrue(Files.isRegularFile(version.resolve("MLmodel")), listing::toString);
    for (String line : listing) {
      assertFalse(line.contains(".tmp") || line.contains(".incomplete"), "partial: " + line);
    }
  }

  @Test
  @Order(3)
  void aVersionIsPreloadedThroughItsPath() {
    ServiceClient service = ServiceClient.at(base);

    JsonObject loaded = service.post("models/" + VERSION_1 + "/preload").ok();

    assertEquals("loaded", loaded.getString("status"), loaded::toString);
    assertEquals(VERSION_1, loaded.getString("model_name"));
    assertTrue(Files.isDirectory(cache.resolve("prompt-guard").resolve("1")));
  }

  @Test
  @Order(4)
  void statsCountTheRegistryModelsUnderTheirNames() {
    JsonObject stats = ServiceClient.at(base).get("stats").ok();

    List<String> names =
        stats.getJsonArray("models").getValuesAs(JsonObject.class).stream()
            .map(m -> m.getString("model_name"))
            .toList();
    assertTrue(names.contains(CHAMPION), stats::toString);
    assertTrue(names.contains(VERSION_1), stats::toString);
  }

  @Test
  @Order(5)
  void aNameTheRegistryDoesNotHaveIsNotFound() {
    String message =
        ServiceClient.at(base)
            .post("predict", predictBody("hello", "models:/no-such-model/1"))
            .error(404, "model_not_found");

    assertTrue(message.contains("models:/no-such-model/1"), message);
  }
}
