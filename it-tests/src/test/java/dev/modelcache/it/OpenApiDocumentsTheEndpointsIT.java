package dev.modelcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * {@code /openapi} (MicroProfile OpenAPI) documents the service's endpoints and operations, with
 * path templates as OpenAPI writes them ({@code /models/{name}/preload}, the parameter's name
 * only).
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OpenApiDocumentsTheEndpointsIT {
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.withDefaults();
  }

  @Test
  void theDocumentHasThePredictionAndPreloadOperations() {
    Reply reply = ServiceClient.at(base).get("openapi");

    JsonObject paths = reply.ok().getJsonObject("paths");
    for (String path : List.of("/predict", "/predict/batch", "/models/{name}/preload")) {
      assertTrue(paths.containsKey(path), path + " in " + paths.keySet());
      assertTrue(paths.getJsonObject(path).containsKey("post"), path + ": " + paths.get(path));
    }
    JsonObject predict = paths.getJsonObject("/predict").getJsonObject("post");
    assertTrue(
        predict.getJsonObject("responses").keySet().containsAll(List.of("200", "400", "404")),
        predict::toString);
    JsonObject preload = paths.getJsonObject("/models/{name}/preload").getJsonObject("post");
    assertTrue(
        preload.getJsonObject("responses").containsKey("200"),
        "the success answer is documented: " + preload);
    for (String path : List.of("/models", "/stats", "/clear-cache", "/logs", "/metrics")) {
      assertTrue(paths.containsKey(path), path + " in " + paths.keySet());
    }
  }

  @Test
  void withoutAskingForJsonTheDocumentIsYaml() {
    Reply reply = ServiceClient.at(base).getAs(MediaType.WILDCARD, "openapi");

    assertEquals(200, reply.status(), reply::describe);
    assertTrue(reply.body().startsWith("openapi: "), reply::describe);
    assertTrue(reply.body().contains("/predict/batch:"), reply::describe);
  }
}
