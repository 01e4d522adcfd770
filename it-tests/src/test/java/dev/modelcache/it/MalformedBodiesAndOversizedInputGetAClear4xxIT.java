package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.RawHttp;
import dev.modelcache.it.support.Reply;
import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies are read strictly and inputs are bounded, and every refusal is a 4xx in the one error
 * shape that says what was wrong: unknown fields, wrong types, duplicate keys, deep nesting, huge
 * numbers, invalid UTF-8 and foreign charsets are 400 naming the field; texts over {@code
 * MAX_TEXT_LENGTH} characters or {@code MAX_TEXT_BYTES} bytes and bodies over {@code
 * MAX_BODY_BYTES} (with a length, or chunked) are 413. Unusual but valid Unicode (NUL, bidi
 * overrides, emoji sequences, 100 KB of one character) is predicted like any text; a lone surrogate
 * is 400.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class MalformedBodiesAndOversizedInputGetAClear4xxIT {
  private static final int MAX_BODY_BYTES = 200_000;
  private static final int MAX_TEXT_BYTES = 150_000;
  private static final String JSON = "application/json";

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.with(
        Map.of(
            "MAX_BODY_BYTES", String.valueOf(MAX_BODY_BYTES),
            "MAX_TEXT_BYTES", String.valueOf(MAX_TEXT_BYTES)));
  }

  static Stream<Arguments> unusualUnicode() {
    return Stream.of(
        Arguments.of("NUL", "before\u0000after"),
        Arguments.of("only NUL", "\u0000"),
        Arguments.of("right-to-left override", "invoice \u202Egpj.exe\u202C"),
        Arguments.of(
            "emoji with ZWJ and skin tone",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67 \uD83D\uDC4D\uD83C\uDFFD"),
        Arguments.of("control characters", "\u0001\u0007\u001b[31mred\u007f"),
        Arguments.of("BOM and non-characters", "\uFEFFtext\uFFFF\uFFFE"),
        Arguments.of("100 KB of one character", "a".repeat(100_000)),
        Arguments.of("50,000 two-byte characters", "\u00e9".repeat(50_000)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unusualUnicode")
  void unusualButValidUnicodeIsPredictedLikeAnyText(String what, String text) {
    JsonObject answer = ServiceClient.at(base).post("predict", predictBody(text, "tiny-a")).ok();

    assertTrue(answer.containsKey("prediction"), what + ": " + answer);
  }

  @Test
  void aLoneSurrogateIsInvalidAndItsPlaceIsNamed() {
    String message =
        RawHttp.at(base)
            .post("predict", "{\"text\": \"ab\\ud800c\", \"model_name\": \"tiny-a\"}", JSON)
            .error(400, "invalid_input");

    assertTrue(message.contains("unpaired UTF-16 surrogate (\\ud800) at index 2"), message);
  }

  @Test
  void aTextOverTheCharacterOrTheByteLimitIsTooLarge() {
    ServiceClient service = ServiceClient.at(base);

    String chars =
        service
            .post("predict", predictBody("a".repeat(100_001), "tiny-a"))
            .error(413, "input_too_large");
    service.post("predict", predictBody("\u20ac".repeat(MAX_TEXT_BYTES / 3), "tiny-a")).ok();
    String bytes =
        service
            .post("predict", predictBody("\u20ac".repeat(MAX_TEXT_BYTES / 3 + 1), "tiny-a"))
            .error(413, "input_too_large");

    assertTrue(chars.contains("MAX_TEXT_LENGTH"), chars);
    assertTrue(bytes.contains("MAX_TEXT_BYTES"), bytes);
  }

  @Test
  void aBodyOverTheLimitIsTooLargeWithALengthAndWhenChunked() {
    byte[] body =
        predictBody("a".repeat(MAX_BODY_BYTES), "tiny-a")
            .toString()
            .getBytes(StandardCharsets.UTF_8);

    String withLength =
        RawHttp.at(base).send("POST", "predict", body, JSON, false).error(413, "input_too_large");
    String chunked =
        RawHttp.at(base).send("POST", "predict", body, JSON, true).error(413, "input_too_large");

    assertTrue(
        withLength.contains(body.length + " bytes; the limit is " + MAX_BODY_BYTES), withLength);
    assertTrue(chunked.contains("more than " + MAX_BODY_BYTES + " bytes"), chunked);
  }

  static Stream<Arguments> malformedBodies() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    return Stream.of(
        Arguments.of(
            "predict",
            "{\"text\": \"hi\", \"model_name\": \"tiny-a\", \"debug\": true}",
            "unknown field 'debug'"),
        Arguments.of(
            "predict",
            "{\"text\": 42, \"model_name\": \"tiny-a\"}",
            "text must be a string, not a number"),
        Arguments.of(
            "predict",
            "{\"text\": \"hi\", \"model_name\": [\"tiny-a\"]}",
            "model_name must be a string, not an array"),
        Arguments.of(
            "predict",
            "{\"text\": \"hi\", \"text\": \"ho\", \"model_name\": \"tiny-a\"}",
            "duplicate field 'text'"),
        Arguments.of(
            "predict",
            "{\"text\": " + deep + ", \"model_name\": \"tiny-a\"}",
            "text must be a string, not an array"),
        Arguments.of("predict", deep, "must be a JSON object"),
        Arguments.of(
            "predict",
            "{\"text\": 1e400, \"model_name\": \"tiny-a\"}",
            "text must be a string, not a number"),
        Arguments.of(
            "predict",
            "{\"text\": " + "9".repeat(5_000) + "}",
            "text must be a string, not a number"),
        Arguments.of(
            "predict", "{\"text\": \"hi\", \"model_name\": \"tiny-a\"} trailing", "not valid JSON"),
        Arguments.of("predict", "", "a JSON body is required"),
        Arguments.of(
            "predict/batch",
            "{\"texts\": [\"a\", 2], \"model_name\": \"tiny-a\"}",
            "texts[1] must be a string, not a number"),
        Arguments.of(
            "predict/batch",
            "{\"texts\": \"a\", \"model_name\": \"tiny-a\"}",
            "texts must be an array of strings"));
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @MethodSource("malformedBodies")
  void aMalformedBodyIsInvalidAndTheMessageNamesTheProblem(String path, String body, String why) {
    String message = RawHttp.at(base).post(path, body, JSON).error(400, "invalid_input");

    assertTrue(message.contains(why), message);
  }

  @Test
  void bytesThatAreNotUtf8AndForeignCharsetsAreInvalid() {
    byte[] latin1 =
        "{\"text\": \"caf\u00e9\", \"model_name\": \"tiny-a\"}"
            .getBytes(StandardCharsets.ISO_8859_1);
    RawHttp raw = RawHttp.at(base);

    String utf8 = raw.send("POST", "predict", latin1, JSON, false).error(400, "invalid_input");
    String charset =
        raw.send("POST", "predict", latin1, JSON + "; charset=ISO-8859-1", false)
            .error(400, "invalid_input");

    assertEquals("the request body is not valid UTF-8", utf8);
    assertTrue(charset.contains("charset 'ISO-8859-1' is not accepted"), charset);
  }

  @Test
  void aBodyThatIsNotDeclaredJsonIsAnUnsupportedMediaType() {
    String body = predictBody("hi", "tiny-a").toString();
    RawHttp raw = RawHttp.at(base);

    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", null}) {
      Reply reply = raw.post("predict", body, type);
      reply.error(415, "unsupported_media_type");
    }
  }

  @Test
  void aClientThatAcceptsNoJsonIsToldSoNotGivenA500() {
    ServiceClient client = ServiceClient.at(base);
    for (String path : new String[] {"models", "stats"}) {
      client.getAs("text/plain", path).error(406, "not_acceptable");
    }
    try (Response reply =
        client
            .target("predict")
            .request("text/plain")
            .post(Entity.json(predictBody("hi", "tiny-a").toString()))) {
      assertEquals(406, reply.getStatus());
      assertEquals(MediaType.APPLICATION_JSON_TYPE, reply.getMediaType());
      assertTrue(reply.readEntity(String.class).contains("\"not_acceptable\""));
    }
  }
}
