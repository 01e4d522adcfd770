package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.batchBody;
import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
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
 * {@code /predict/batch} answers one prediction per text, in input order: each is what {@code
 * /predict} answers for that text alone, for a classifier and for an embedding model.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class BatchAnswersInInputOrderIT {
  /** Spam and ham interleaved, of different lengths (so the batch is padded): order shows. */
  private static final List<String> MAIL =
      List.of(
          "Congratulations! You have been selected to receive a FREE $1,000 gift card. Click here"
              + " now to claim your prize!!!",
          "The nightly build failed again; I've attached the log. Could you look at the patch"
              + " before Friday's release?",
          "MAKE MONEY FAST!!! Work from home and earn $5000 per week. No experience required.",
          "Can we move the meeting to 3pm?");

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.withDefaults();
  }

  @Test
  void classifierAnswersComeInInputOrderAndMatchSingleRequests() {
    ServiceClient service = ServiceClient.at(base);

    JsonObject batch = service.post("predict/batch", batchBody(MAIL, "spam-detector")).ok();

    assertEquals("spam-detector", batch.getString("model_name"));
    assertEquals(MAIL.size(), batch.getInt("total_texts"), batch::toString);
    assertTrue(batch.getJsonNumber("processing_time_ms").doubleValue() >= 0, batch::toString);
    JsonArray predictions = batch.getJsonArray("predictions");
    assertEquals(MAIL.size(), predictions.size(), batch::toString);
    List<String> labels =
        predictions.getValuesAs(JsonObject.class).stream()
            .map(p -> p.getString("prediction"))
            .toList();
    assertTrue(labels.contains("SPAM") && labels.contains("HAM"), "both labels occur: " + labels);
    for (int i = 0; i < MAIL.size(); i++) {
      JsonObject single = service.post("predict", predictBody(MAIL.get(i), "spam-detector")).ok();
      JsonObject inBatch = predictions.getJsonObject(i);
      String where = "text " + i + ": batch " + inBatch + " vs single " + single;
      assertEquals(single.getString("prediction"), inBatch.getString("prediction"), where);
      for (String label : List.of("HAM", "SPAM")) {
        assertEquals(
            single.getJsonObject("scores").getJsonNumber(label).doubleValue(),
            inBatch.getJsonObject("scores").getJsonNumber(label).doubleValue(),
            1e-4,
            where);
      }
    }
  }

  @Test
  void embeddingsComeInInputOrderAndMatchSingleRequests() {
    ServiceClient service = ServiceClient.at(base);
    List<String> texts = List.of("a short one", "a somewhat longer sentence about cats", "third");

    JsonObject batch = service.post("predict/batch", batchBody(texts, "tiny-embed")).ok();

    assertEquals(texts.size(), batch.getInt("total_texts"), batch::toString);
    JsonArray predictions = batch.getJsonArray("predictions");
    assertEquals(texts.size(), predictions.size(), batch::toString);
    for (int i = 0; i < texts.size(); i++) {
      List<JsonNumber> single =
          service
              .post("predict", predictBody(texts.get(i), "tiny-embed"))
              .ok()
              .getJsonArray("embedding")
              .getValuesAs(JsonNumber.class);
      List<JsonNumber> inBatch =
          predictions.getJsonObject(i).getJsonArray("embedding").getValuesAs(JsonNumber.class);
      assertEquals(single.size(), inBatch.size());
      for (int d = 0; d < single.size(); d++) {
        assertEquals(
            single.get(d).doubleValue(),
            inBatch.get(d).doubleValue(),
            1e-4,
            "text " + i + ", dimension " + d);
      }
    }
  }
}
