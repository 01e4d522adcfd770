package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.FaultModels;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@code MODEL_CACHE_REQUIRE_MANIFEST=true}, a model whose folder has a matching {@code
 * SHA256SUMS} loads and predicts; a folder without one and a folder whose graph no longer matches
 * are refused with 503 {@code model_load_failed}, saying why, before any of their files is loaded.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OnlyModelsWithAMatchingManifestLoadWhenOneIsRequiredIT {
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.with(
        Map.of(
            "MODEL_CACHE_MODEL_DIR",
            FaultModels.repository().toString(),
            "MODEL_CACHE_REQUIRE_MANIFEST",
            "true"));
  }

  @Test
  void theSignedModelLoadsAndTheUnsignedAndTamperedOnesAreRefused() {
    ServiceClient service = ServiceClient.at(base);

    JsonObject signed = service.post("predict", predictBody("hello", "signed")).ok();
    String unsigned =
        service.post("predict", predictBody("hello", "unsigned")).error(503, "model_load_failed");
    String tampered = service.post("models/tampered/preload").error(503, "model_load_failed");
    JsonObject stats = service.get("stats").ok();

    assertEquals("signed", signed.getString("model_name"));
    assertEquals(
        "model 'unsigned' could not be loaded: SHA256SUMS: the model folder has no SHA256SUMS and"
            + " MODEL_CACHE_REQUIRE_MANIFEST is true (tools/models/write-manifest.sh writes one)",
        unsigned);
    assertTrue(
        tampered.matches(
            "model 'tampered' could not be loaded: SHA256SUMS: model\\.onnx has sha256"
                + " [0-9a-f]{12}\\.\\.\\., the manifest says [0-9a-f]{12}\\.\\.\\."),
        tampered);
    assertEquals(1, stats.getInt("loads"), stats::toString);
    assertEquals(2, stats.getInt("load_failures"), stats::toString);
  }
}
