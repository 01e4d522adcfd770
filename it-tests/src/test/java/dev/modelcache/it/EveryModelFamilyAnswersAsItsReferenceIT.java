package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.batchBody;
import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model family but generation answers through the service as its torch reference says ({@code
 * fixtures/families}, made by {@code tools/models/families/make_enc_families.py}): a DistilBERT,
 * RoBERTa, DeBERTa-v3, GPT-2 and BART classifier their top labels and probabilities, a multi-label
 * BERT every label over 0.5, the BERT, RoBERTa, T5 and GPT-2 embedding models their pooled vectors;
 * by {@code /predict} and {@code /predict/batch}. The NLI models answer zero-shot requests ({@code
 * candidate_labels}) with the pipeline's labels and scores, and a model that is not one refuses
 * them with 400. One deployment for all families.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EveryModelFamilyAnswersAsItsReferenceIT {
  private static final double TOLERANCE = 1e-4;

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.withDefaults();
  }

  static Stream<String> families() throws IOException {
    try (Stream<Path> folders =
        Files.list(ServiceDeployment.modelRepository().resolve("families"))) {
      return folders
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("enc-"))
          .sorted()
          .toList()
          .stream();
    }
  }

  static Stream<String> nliFamilies() throws IOException {
    return families().filter(n -> reference(n).containsKey("zero_shot"));
  }

  private static JsonObject reference(String family) {
    Path file =
        ServiceDeployment.modelRepository().resolve("families/" + family + "/reference.json");
    try (JsonReader reader = Json.createReader(Files.newBufferedReader(file))) {
      return reader.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void eachTextIsAnsweredAsTheTorchReferenceByPredictAndByBatch(String family) {
    ServiceClient service = ServiceClient.at(base);
    String model = "families/" + family;
    List<JsonObject> cases = reference(family).getJsonArray("cases").getValuesAs(JsonObject.class);
    List<String> texts = cases.stream().map(c -> c.getString("text")).toList();

    JsonObject first = service.post("predict", predictBody(texts.get(0), model)).ok();
    List<JsonObject> batch =
        service
            .post("predict/batch", batchBody(texts, model))
            .ok()
            .getJsonArray("predictions")
            .getValuesAs(JsonObject.class);

    assertEquals(model, first.getString("model_name"));
    assertAnswer(cases.get(0), first, family + ": " + texts.get(0));
    for (int i = 0; i < texts.size(); i++) {
      assertAnswer(cases.get(i), batch.get(i), family + ": " + texts.get(i));
    }
  }

  private static void assertAnswer(JsonObject expected, JsonObject answer, String what) {
    if (expected.containsKey("embedding")) {
      double[] reference = doubles(expected.getJsonArray("embedding"));
      double[] vector = doubles(answer.getJsonArray("embedding"));
      double cosine = cosine(reference, vector);
      assertTrue(cosine >= 0.99999, what + ": cosine " + cosine + " " + answer);
      assertFalse(answer.containsKey("prediction"), what);
      return;
    }
    assertEquals(expected.getString("label"), answer.getString("prediction"), what);
    JsonObject scores = answer.getJsonObject("scores");
    double[] logits = doubles(expected.getJsonArray("logits"));
    double[] probabilities =
        expected.containsKey("scores") ? doubles(expected.getJsonArray("scores")) : softmax(logits);
    List<String> names = List.copyOf(scores.keySet());
    for (int i = 0; i < probabilities.length; i++) {
      assertEquals(
          probabilities[i], scores.getJsonNumber(names.get(i)).doubleValue(), TOLERANCE, what);
    }
    if (expected.containsKey("labels")) {
      assertEquals(
          strings(expected.getJsonArray("labels")), strings(answer.getJsonArray("labels")), what);
    } else {
      assertFalse(answer.containsKey("labels"), "a single-label answer lists no labels: " + answer);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nliFamilies")
  void candidateLabelsAreScoredAsTheZeroShotPipelineScoresThem(String family) {
    ServiceClient service = ServiceClient.at(base);
    String model = "families/" + family;
    for (JsonObject expected :
        reference(family).getJsonArray("zero_shot").getValuesAs(JsonObject.class)) {
      JsonArrayBuilder labels = Json.createArrayBuilder();
      expected.getJsonArray("candidate_labels").forEach(labels::add);
      JsonObject body =
          Json.createObjectBuilder()
              .add("text", expected.getString("text"))
              .add("model_name", model)
              .add("candidate_labels", labels)
              .add("hypothesis_template", expected.getString("hypothesis_template"))
              .add("multi_label", expected.getBoolean("multi_label"))
              .build();

      JsonObject answer = service.post("predict", body).ok();

      List<String> order = strings(expected.getJsonArray("labels"));
      double[] scores = doubles(expected.getJsonArray("scores"));
      assertEquals(order.get(0), answer.getString("prediction"), answer::toString);
      assertEquals(scores[0], answer.getJsonNumber("confidence").doubleValue(), TOLERANCE);
      assertEquals(order, List.copyOf(answer.getJsonObject("scores").keySet()), "highest first");
      for (int i = 0; i < order.size(); i++) {
        assertEquals(
            scores[i],
            answer.getJsonObject("scores").getJsonNumber(order.get(i)).doubleValue(),
            TOLERANCE);
      }
      assertFalse(answer.getBoolean("response_cached"));
      if (expected.getBoolean("multi_label")) {
        List<String> over = new ArrayList<>();
        for (int i = 0; i < order.size(); i++) {
          if (scores[i] >= 0.5) {
            over.add(order.get(i));
          }
        }
        assertEquals(over, strings(answer.getJsonArray("labels")), answer::toString);
      } else {
        assertFalse(answer.containsKey("labels"), answer::toString);
      }
    }
  }

  @Test
  void aModelThatIsNotAnNliClassifierRefusesCandidateLabels() {
    ServiceClient service = ServiceClient.at(base);
    for (String model : List.of("families/enc-roberta", "families/enc-t5-embed-mean")) {
      JsonObject body =
          Json.createObjectBuilder()
              .add("text", "The match ended in a draw.")
              .add("model_name", model)
              .add("candidate_labels", Json.createArrayBuilder().add("sports").add("politics"))
              .build();

      String message = service.post("predict", body).error(400, "invalid_input");

      assertTrue(message.contains("cannot classify zero-shot"), message);
    }
  }

  private static double[] doubles(JsonArray array) {
    return array.getValuesAs(JsonNumber.class).stream()
        .mapToDouble(JsonNumber::doubleValue)
        .toArray();
  }

  private static List<String> strings(JsonArray array) {
    return array == null
        ? null
        : array.getValuesAs(JsonValue.class).stream()
            .map(v -> ((JsonString) v).getString())
            .toList();
  }

  private static double[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    double[] out = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = Math.exp(logits[i] - max);
      sum += out[i];
    }
    for (int i = 0; i < out.length; i++) {
      out[i] /= sum;
    }
    return out;
  }

  private static double cosine(double[] a, double[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
