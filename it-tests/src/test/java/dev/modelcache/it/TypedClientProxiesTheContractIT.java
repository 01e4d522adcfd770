package dev.modelcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.rest.BatchPredictRequest;
import dev.modelcache.api.rest.BatchPredictResponse;
import dev.modelcache.api.rest.CacheApi;
import dev.modelcache.api.rest.ErrorResponse;
import dev.modelcache.api.rest.ModelActionResponse;
import dev.modelcache.api.rest.ModelInfo;
import dev.modelcache.api.rest.ModelsApi;
import dev.modelcache.api.rest.PredictRequest;
import dev.modelcache.api.rest.PredictResponse;
import dev.modelcache.api.rest.PredictionApi;
import dev.modelcache.api.rest.StatsResponse;
import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.client.WebTarget;
import java.net.URL;
import java.util.List;
import org.glassfish.jersey.client.proxy.WebResourceFactory;
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
 * The contract interfaces in cache-api, proxied by Jersey's {@link WebResourceFactory}, talk to the
 * service with the API records: a prediction, a batch, a preload, a model's description, the
 * statistics, and a typed 404. The steps share one server and run in order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TypedClientProxiesTheContractIT {
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.withDefaults();
  }

  private <T> T proxy(Class<T> contract) {
    WebTarget root = ServiceClient.at(base).target("");
    return WebResourceFactory.newResource(contract, root);
  }

  @Test
  @Order(1)
  void predictionApiAnswersRecords() {
    PredictionApi api = proxy(PredictionApi.class);

    PredictResponse spam =
        api.predict(new PredictRequest("WIN a FREE cruise!!! Click now to claim", "spam-detector"));
    BatchPredictResponse batch =
        api.predictBatch(new BatchPredictRequest(List.of("one", "two"), "tiny-embed"));

    assertEquals("spam-detector", spam.modelName());
    assertTrue(List.of("HAM", "SPAM").contains(spam.prediction()), spam::toString);
    assertEquals(2, spam.scores().size(), spam::toString);
    assertNull(spam.embedding(), "a classifier has no embedding");
    assertEquals(2, batch.totalTexts());
    assertEquals(2, batch.predictions().size());
    assertEquals(24, batch.predictions().get(0).embedding().length);
    assertNull(batch.predictions().get(0).prediction());
  }

  @Test
  @Order(2)
  void modelsApiPreloadsAndDescribesANestedModel() {
    ModelsApi api = proxy(ModelsApi.class);

    ModelActionResponse preload = api.preload("acme/tiny-classifier", true);
    ModelInfo info = api.getModel("acme/tiny-classifier");

    assertEquals("loaded", preload.status(), preload::toString);
    assertTrue(preload.pinned());
    assertEquals("acme/tiny-classifier", info.modelName());
    assertTrue(info.pinned());
    assertTrue(info.memoryMb() > 0, info::toString);
  }

  @Test
  @Order(3)
  void cacheApiReportsTheStatistics() {
    StatsResponse stats = proxy(CacheApi.class).stats();

    assertEquals(2, stats.totalRequests(), stats::toString);
    assertEquals(2, stats.cacheMisses(), "a prediction and a batch, each loading: " + stats);
    assertEquals(3, stats.modelsLoaded(), stats::toString);
    assertEquals(
        List.of("acme/tiny-classifier", "spam-detector", "tiny-embed"),
        stats.models().stream().map(ModelInfo::modelName).toList());
    assertEquals(3, stats.loads(), stats::toString);
  }

  @Test
  @Order(4)
  void anErrorArrivesAsATypedExceptionWithTheErrorRecord() {
    ModelsApi api = proxy(ModelsApi.class);

    NotFoundException notLoaded =
        assertThrows(NotFoundException.class, () -> api.getModel("tiny-e"));
    ErrorResponse error = notLoaded.getResponse().readEntity(ErrorResponse.class);

    assertEquals(new ErrorResponse("model_not_found", error.message(), 404), error);
    assertTrue(error.message().contains("tiny-e"), error::toString);
  }
}
