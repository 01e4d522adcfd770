package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URL;
import java.util.List;
import java.util.Set;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real spam-detector tells spam from ham, with probabilities over both labels; the first
 * request loads the model and the next finds it cached; an embedding model answers with a unit
 * vector and no label.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SpamAndHamArePredictedIT {
  private static final String SPAM =
      "Congratulations! You have been selected to receive a FREE $1,000 gift card. Click here now"
          + " to claim your prize!!!";
  private static final String HAM =
      "The nightly build failed again; I've attached the log. Could you look at the patch before"
          + " Friday's release?";

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.withDefaults();
  }

  @Test
  void spamIsSpamAndHamIsHamAndTheSecondRequestFindsTheModelCached() {
    ServiceClient service = ServiceClient.at(base);

    JsonObject spam = service.post("predict", predictBody(SPAM, "spam-detector")).ok();
    JsonObject ham = service.post("predict", predictBody(HAM, "spam-detector")).ok();

    assertEquals("SPAM", spam.getString("prediction"), spam::toString);
    assertTrue(spam.getJsonNumber("confidence").doubleValue() > 0.5, spam::toString);
    assertFalse(spam.getBoolean("cached"), "the first request loads the model: " + spam);
    assertEquals("HAM", ham.getString("prediction"), ham::toString);
    assertTrue(ham.getBoolean("cached"), "the second request finds it loaded: " + ham);
    for (JsonObject answer : List.of(spam, ham)) {
      assertEquals("spam-detector", answer.getString("model_name"));
      assertTrue(answer.getJsonNumber("processing_time_ms").doubleValue() >= 0, answer::toString);
      JsonObject scores = answer.getJsonObject("scores");
      assertEquals(Set.of("HAM", "SPAM"), scores.keySet(), answer::toString);
      double sum =
          scores.getJsonNumber("HAM").doubleValue() + scores.getJsonNumber("SPAM").doubleValue();
      assertEquals(1.0, sum, 1e-5, answer::toString);
      assertEquals(
          scores.getJsonNumber(answer.getString("prediction")).doubleValue(),
          answer.getJsonNumber("confidence").doubleValue(),
          1e-9,
          "confidence is the top label's score: " + answer);
      assertFalse(answer.containsKey("embedding"), "a classifier answers no embedding: " + answer);
    }
  }

  @Test
  void anEmbeddingModelAnswersAUnitVectorOfItsDimensionAndNoLabel() {
    JsonObject answer =
        ServiceClient.at(base)
            .post("predict", predictBody("The cat sits on the mat.", "tiny-embed"))
            .ok();

    List<JsonNumber> vector = answer.getJsonArray("embedding").getValuesAs(JsonNumber.class);
    assertEquals(24, vector.size(), "tiny-embed's hidden_size: " + answer);
    double norm =
        Math.sqrt(vector.stream().mapToDouble(x -> x.doubleValue() * x.doubleValue()).sum());
    assertEquals(1.0, norm, 1e-4, "L2-normalised: " + answer);
    for (String field : List.of("prediction", "confidence", "scores")) {
      assertFalse(answer.containsKey(field), "an embedding has no " + field + ": " + answer);
    }
    assertEquals("tiny-embed", answer.getString("model_name"));
    assertEquals(JsonValue.ValueType.FALSE, answer.get("cached").getValueType(), answer::toString);
  }
}
