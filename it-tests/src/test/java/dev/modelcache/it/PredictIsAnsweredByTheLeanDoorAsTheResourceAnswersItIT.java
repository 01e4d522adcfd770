package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.batchBody;
import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.modelcache.it.support.JaxRsMarker;
import dev.modelcache.it.support.Keys;
import dev.modelcache.it.support.RawHttp;
import dev.modelcache.it.support.Reply;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /predict} is answered by the lean door, without the JAX-RS servlet, and exactly as
 * the JAX-RS resource answers it: the same status, headers and JSON, byte for byte but for {@code
 * processing_time_ms}, for a classification, an embedding and every kind of error, compared with
 * the resource itself (at {@code /predict/}, which the lean door's exact mapping leaves to it) and
 * with the element {@code /predict/batch} gives for the same text. Requests that the lean door
 * leaves alone (another method, another content type) are answered by the resource as before.
 *
 * <p>Which door answered is told by a test-only filter in front of the JAX-RS servlet ({@link
 * JaxRsMarker}). The response cache is off, so that every answer runs the model alike.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PredictIsAnsweredByTheLeanDoorAsTheResourceAnswersItIT {
  private static final String APP = Keys.secret("app");
  private static final String OPS = Keys.secret("ops");
  private static final String JSON = "application/json";
  private static final int MAX_BODY_BYTES = 2000;
  private static final int MAX_TEXT_LENGTH = 50;

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    Map<String, String> settings =
        Map.of(
            "MODEL_CACHE_API_KEYS",
            "app:predict:" + APP + ",ops:admin:" + OPS,
            "RESPONSE_CACHE_MB",
            "0",
            "MAX_BODY_BYTES",
            String.valueOf(MAX_BODY_BYTES),
            "MAX_TEXT_LENGTH",
            String.valueOf(MAX_TEXT_LENGTH));
    return ServiceDeployment.with(settings)
        .addClasses(JaxRsMarker.class, JaxRsMarker.Install.class);
  }

  @BeforeEach
  void modelsAreLoaded() {
    for (String model : List.of("spam-detector", "tiny-embed")) {
      app().post("predict", predictBody("warm up", model).toString(), JSON).ok();
    }
  }

  private RawHttp app() {
    return RawHttp.at(base).withKey(APP);
  }

  /** One request to {@code /predict} and to the resource's {@code /predict/}. */
  private record Pair(Reply lean, Reply resource) {}

  private static Pair both(RawHttp client, byte[] body, String contentType, boolean chunked) {
    return new Pair(
        client.send("POST", "predict", body, contentType, chunked),
        client.send("POST", "predict/", body, contentType, chunked));
  }

  /** The lean door answered one, the resource the other, alike: status, headers, JSON bytes. */
  private static void assertAnsweredAlike(Pair answers) {
    Reply lean = answers.lean();
    Reply resource = answers.resource();
    assertNull(lean.header(JaxRsMarker.HEADER), () -> "not the lean door: " + lean.describe());
    assertEquals("jax-rs", resource.header(JaxRsMarker.HEADER), resource::describe);
    assertEquals(resource.status(), lean.status(), lean::describe);
    for (String header :
        List.of("content-type", "www-authenticate", "retry-after", "allow", "cache-control")) {
      assertEquals(resource.header(header), lean.header(header), header);
    }
    assertEquals(withoutTime(resource.body()), withoutTime(lean.body()));
    if (lean.status() != 200) {
      assertEquals(resource.header("content-length"), lean.header("content-length"));
    }
  }

  private static String withoutTime(String json) {
    return json.replaceAll("\"processing_time_ms\":[0-9.Ee+-]+", "\"processing_time_ms\":0");
  }

  @Test
  void aClassificationIsTheResourcesAndTheBatchsAnswer() {
    byte[] body = utf8(predictBody("WIN a FREE cruise!!! Click now", "spam-detector"));
    Pair answers = both(app(), body, JSON, false);
    JsonObject element =
        app()
            .post(
                "predict/batch",
                batchBody(List.of("WIN a FREE cruise!!! Click now"), "spam-detector").toString(),
                JSON)
            .ok()
            .getJsonArray("predictions")
            .getJsonObject(0);

    assertAnsweredAlike(answers);
    JsonObject lean = answers.lean().ok();
    assertEquals(
        List.of(
            "prediction",
            "confidence",
            "scores",
            "model_name",
            "processing_time_ms",
            "cached",
            "response_cached"),
        List.copyOf(lean.keySet()));
    assertEquals(List.copyOf(element.keySet()), List.copyOf(lean.keySet()));
    for (String field : lean.keySet()) {
      if (!field.equals("processing_time_ms")) {
        assertEquals(element.get(field), lean.get(field), field);
      }
    }
  }

  @Test
  void anEmbeddingIsTheResourcesAnswer() {
    Pair answers =
        both(app(), utf8(predictBody("The cat sits on the mat.", "tiny-embed")), JSON, false);

    assertAnsweredAlike(answers);
    assertEquals(
        List.of("embedding", "model_name", "processing_time_ms", "cached", "response_cached"),
        List.copyOf(answers.lean().ok().keySet()));
  }

  @Test
  void aZeroShotBodyIsReadByTheFullParserAndAnsweredAsTheResourceAnswersIt() {
    JsonObject body =
        Json.createObjectBuilder()
            .add("text", "The team won the final.")
            .add("model_name", "families/enc-bart-mnli")
            .add("candidate_labels", Json.createArrayBuilder().add("sports").add("politics"))
            .add("hypothesis_template", "It is about {}.")
            .add("multi_label", true)
            .build();
    app().post("predict", body.toString(), JSON).ok(); // loads the model, as the others' warm-up
    Pair answers = both(app(), utf8(body), JSON, false);

    assertAnsweredAlike(answers);
    assertEquals(
        List.of(
            "prediction",
            "confidence",
            "scores",
            "labels",
            "model_name",
            "processing_time_ms",
            "cached",
            "response_cached"),
        List.copyOf(answers.lean().ok().keySet()));
  }

  @Test
  void charsetsAndUnusualTextsAreTheResourcesAnswers() {
    String text = "caf\u00e9 \"quoted\" \\ \u202egpj.exe \ud83d\ude00 \u0000\u001b";
    for (String type : List.of("application/json; charset=UTF-8", "APPLICATION/JSON")) {
      assertAnsweredAlike(both(app(), utf8(predictBody(text, "spam-detector")), type, false));
    }
    assertAnsweredAlike(both(app(), utf8(predictBody("chunked", "spam-detector")), JSON, true));
  }

  static Stream<Arguments> refusals() {
    String fine = predictBody("hello", "spam-detector").toString();
    return Stream.of(
        Arguments.of("not JSON", "{text: 1}", 400),
        Arguments.of("unknown field", "{\"text\":\"a\",\"model_name\":\"m\",\"debug\":1}", 400),
        Arguments.of("duplicate field", "{\"text\":\"a\",\"text\":\"b\"}", 400),
        Arguments.of("wrong type", "{\"text\":42,\"model_name\":\"spam-detector\"}", 400),
        Arguments.of("trailing content", fine + " x", 400),
        Arguments.of("empty body", "", 400),
        Arguments.of("no model name", "{\"text\":\"a\"}", 400),
        Arguments.of(
            "template without candidate labels",
            "{\"text\":\"a\",\"model_name\":\"tiny-a\",\"hypothesis_template\":\"{}\"}",
            400),
        Arguments.of(
            "candidate labels not an array",
            "{\"text\":\"a\",\"model_name\":\"tiny-a\",\"candidate_labels\":\"x\"}",
            400),
        Arguments.of(
            "candidate labels for a model that is no NLI classifier",
            "{\"text\":\"a\",\"model_name\":\"tiny-a\",\"candidate_labels\":[\"x\"]}",
            400),
        Arguments.of("blank text", "{\"text\":\" \",\"model_name\":\"spam-detector\"}", 400),
        Arguments.of("lone surrogate", "{\"text\":\"a\\ud800\",\"model_name\":\"tiny-a\"}", 400),
        Arguments.of("bad model name", predictBody("a", "../etc/passwd").toString(), 400),
        Arguments.of("unknown model", predictBody("a", "no-such-model").toString(), 404),
        Arguments.of("text too long", predictBody("a".repeat(51), "tiny-a").toString(), 413),
        Arguments.of(
            "body too large", predictBody("a".repeat(MAX_BODY_BYTES), "tiny-a").toString(), 413));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("refusals")
  void aRefusedBodyGetsTheResourcesError(String what, String body, int status) {
    Pair answers = both(app(), body.getBytes(StandardCharsets.UTF_8), JSON, false);

    assertAnsweredAlike(answers);
    assertEquals(status, answers.lean().status(), answers.lean()::describe);
  }

  @Test
  void bytesThatAreNotUtf8AChunkedBodyOverTheLimitAndAForeignCharsetGetTheResourcesErrors() {
    byte[] latin1 =
        "{\"text\": \"caf\u00e9\", \"model_name\": \"tiny-a\"}"
            .getBytes(StandardCharsets.ISO_8859_1);
    byte[] large = utf8(predictBody("a".repeat(MAX_BODY_BYTES), "tiny-a"));

    assertAnsweredAlike(both(app(), latin1, JSON, false));
    assertAnsweredAlike(both(app(), large, JSON, true));
    assertAnsweredAlike(both(app(), latin1, JSON + "; charset=ISO-8859-1", false));
  }

  @Test
  void aMissingUnknownOrUnderprivilegedKeyGetsTheResourcesRefusal() {
    byte[] body = utf8(predictBody("hello", "spam-detector"));

    Pair none = both(RawHttp.at(base), body, JSON, false);
    Pair unknown = both(RawHttp.at(base).withKey(Keys.secret("app")), body, JSON, false);
    Pair admin = both(RawHttp.at(base).withKey(OPS), body, JSON, false);

    assertAnsweredAlike(none);
    assertAnsweredAlike(unknown);
    assertAnsweredAlike(admin);
    none.lean().error(401, "unauthorized");
    assertEquals("Bearer realm=\"model-cache\"", none.lean().header("www-authenticate"));
    admin.lean().error(403, "forbidden");
  }

  @Test
  void anotherMethodOrContentTypeIsLeftToTheResourceAndAnsweredAsBefore() {
    byte[] body = utf8(predictBody("hello", "spam-detector"));

    Reply get = app().send("GET", "predict", new byte[0], null, false);
    Reply text = app().send("POST", "predict", body, "text/plain", false);
    Reply none = app().send("POST", "predict", body, null, false);

    for (Reply reply : List.of(get, text, none)) {
      assertEquals("jax-rs", reply.header(JaxRsMarker.HEADER), reply::describe);
    }
    get.error(405, "method_not_allowed");
    assertEquals("POST, OPTIONS", get.header("allow"));
    text.error(415, "unsupported_media_type");
    none.error(415, "unsupported_media_type");
  }

  private static byte[] utf8(JsonObject body) {
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }
}
