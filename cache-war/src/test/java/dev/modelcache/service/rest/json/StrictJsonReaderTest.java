package dev.modelcache.service.rest.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.InputTooLargeException;
import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.rest.BatchPredictRequest;
import dev.modelcache.api.rest.PredictRequest;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StrictJsonReaderTest {
  private static final long LIMIT = 1024;

  private static Object read(Class<?> type, byte[] body, String contentLength, String charset) {
    return StrictJsonReader.read(
        type, charset, contentLength, new ByteArrayInputStream(body), LIMIT);
  }

  private static Object predict(String json) {
    return read(PredictRequest.class, json.getBytes(StandardCharsets.UTF_8), null, null);
  }

  private static Object batch(String json) {
    return read(BatchPredictRequest.class, json.getBytes(StandardCharsets.UTF_8), null, null);
  }

  private static String invalid(Class<?> type, String json) {
    return assertThrows(
            InvalidInputException.class,
            () -> read(type, json.getBytes(StandardCharsets.UTF_8), null, null))
        .getMessage();
  }

  @Test
  void wellFormedBodiesBecomeTheirRecordsInAnyFieldOrder() {
    assertEquals(
        new PredictRequest("hello", "tiny-a"),
        predict(" {\"model_name\": \"tiny-a\", \"text\": \"hello\"}\n"));
    assertEquals(
        new BatchPredictRequest(List.of("a", "b\u0000c", "\ud83d\ude00"), "org/m"),
        batch(
            "{\"texts\": [\"a\", \"b\\u0000c\", \"\\ud83d\\ude00\"], \"model_name\": \"org/m\"}"));
  }

  @Test
  void aZeroShotBodyIsReadWholeByTheParserBehindTheQuickReader() {
    byte[] body =
        ("{\"text\": \"The team won\", \"model_name\": \"nli\", \"candidate_labels\": [\"sports\","
                + " \"politics\"], \"hypothesis_template\": \"It is about {}.\", \"multi_label\":"
                + " true}")
            .getBytes(StandardCharsets.UTF_8);

    assertNull(
        QuickPredictBody.read(body, body.length), "the quick reader leaves it to the parser");
    assertEquals(
        new PredictRequest(
            "The team won", "nli", List.of("sports", "politics"), "It is about {}.", true),
        read(PredictRequest.class, body, String.valueOf(body.length), null));
    assertEquals(
        new PredictRequest("a", "m", List.of(), null, false),
        predict(
            "{\"text\": \"a\", \"model_name\": \"m\", \"candidate_labels\": [], \"multi_label\": false}"));
  }

  @Test
  void zeroShotFieldsOfTheWrongTypeAreNamed() {
    assertEquals(
        "multi_label must be true or false, not a string",
        invalid(PredictRequest.class, "{\"multi_label\": \"yes\"}"));
    assertEquals(
        "candidate_labels[1] must be a string, not a number",
        invalid(PredictRequest.class, "{\"candidate_labels\": [\"a\", 2]}"));
    assertEquals(
        "candidate_labels must be an array of strings, not a string",
        invalid(PredictRequest.class, "{\"candidate_labels\": \"a, b\"}"));
    assertEquals(
        "hypothesis_template must be a string, not null",
        invalid(PredictRequest.class, "{\"hypothesis_template\": null}"));
  }

  @Test
  void missingFieldsAreLeftForTheResourceToName() {
    PredictRequest request = (PredictRequest) predict("{}");

    assertNull(request.text());
    assertNull(request.modelName());
  }

  static Stream<Arguments> badPredictBodies() {
    return Stream.of(
        Arguments.of(
            "{\"text\": 42, \"model_name\": \"m\"}", "text must be a string, not a number"),
        Arguments.of(
            "{\"text\": 1e400, \"model_name\": \"m\"}", "text must be a string, not a number"),
        Arguments.of("{\"text\": true}", "text must be a string, not a boolean"),
        Arguments.of("{\"text\": null}", "text must be a string, not null"),
        Arguments.of("{\"text\": [\"a\"]}", "text must be a string, not an array"),
        Arguments.of("{\"text\": {\"a\": 1}}", "text must be a string, not an object"),
        Arguments.of("{\"model_name\": 7}", "model_name must be a string, not a number"),
        Arguments.of(
            "{\"text\": \"a\", \"extra\": 1}",
            "unknown field 'extra'; the fields are text, model_name, candidate_labels,"
                + " hypothesis_template, multi_label"),
        Arguments.of("{\"Text\": \"a\"}", "unknown field 'Text'"),
        Arguments.of("{\"text\": \"a\", \"text\": \"b\"}", "duplicate field 'text'"),
        Arguments.of(
            "[\"text\"]",
            "the body must be a JSON object like {\"text\": \"...\", \"model_name\": \"...\"}, not an array"),
        Arguments.of("\"text\"", "not a string"),
        Arguments.of("42", "not a number"),
        Arguments.of("null", "not null"),
        Arguments.of("{\"text\": \"a\"} {}", "not valid JSON (line 1, column 15)"),
        Arguments.of("{\"text\": \"a\"} x", "not valid JSON"),
        Arguments.of("{\"text\": \"a\"", "not valid JSON"),
        Arguments.of("{\"text\": 'a'}", "not valid JSON"),
        Arguments.of("{text: \"a\"}", "not valid JSON"),
        Arguments.of("{\"text\": \"a\",}", "not valid JSON"),
        Arguments.of("", "a JSON body is required"),
        Arguments.of(" \r\n\t ", "a JSON body is required: {\"text\""),
        Arguments.of("\u00a0", "not valid JSON"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badPredictBodies")
  void aPredictBodyOfTheWrongShapeIsRefusedNamingTheProblem(String body, String expected) {
    String message = invalid(PredictRequest.class, body);

    assertTrue(message.contains(expected), message);
  }

  static Stream<Arguments> badBatchBodies() {
    return Stream.of(
        Arguments.of("{\"texts\": \"one\"}", "texts must be an array of strings, not a string"),
        Arguments.of("{\"texts\": [\"a\", 2]}", "texts[1] must be a string, not a number"),
        Arguments.of("{\"texts\": [\"a\", [\"b\"]]}", "texts[1] must be a string, not an array"),
        Arguments.of("{\"texts\": [null]}", "texts[0] must be a string, not null"),
        Arguments.of(
            "{\"text\": \"a\"}", "unknown field 'text'; the fields are texts, model_name"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badBatchBodies")
  void aBatchBodyOfTheWrongShapeIsRefusedNamingTheElement(String body, String expected) {
    String message = invalid(BatchPredictRequest.class, body);

    assertTrue(message.contains(expected), message);
  }

  @Test
  void anEmptyBatchBodyShowsTheBatchShape() {
    assertEquals(
        "a JSON body is required: {\"texts\": [\"...\", ...], \"model_name\": \"...\"}",
        invalid(BatchPredictRequest.class, ""));
  }

  @Test
  void tenThousandNestedArraysAreRefusedAtTheFirstOne() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);

    String topLevel =
        assertThrows(
                InvalidInputException.class,
                () ->
                    StrictJsonReader.read(
                        PredictRequest.class,
                        null,
                        null,
                        new ByteArrayInputStream(deep.getBytes(StandardCharsets.UTF_8)),
                        1_000_000))
            .getMessage();
    String inField =
        assertThrows(
                InvalidInputException.class,
                () ->
                    StrictJsonReader.read(
                        PredictRequest.class,
                        null,
                        null,
                        new ByteArrayInputStream(
                            ("{\"text\": " + deep + "}").getBytes(StandardCharsets.UTF_8)),
                        1_000_000))
            .getMessage();

    assertTrue(topLevel.contains("not an array"), topLevel);
    assertEquals("text must be a string, not an array", inField);
  }

  @Test
  void aSyntaxErrorSaysWhereButNotWhat() {
    String message = invalid(PredictRequest.class, "{\n  \"text\": \"secret stuff\" oops}");

    assertTrue(message.startsWith("the request body is not valid JSON (line 2"), message);
    assertFalse(message.contains("secret stuff"), message);
  }

  @Test
  void aFieldNameIsQuotedSafely() {
    String message = invalid(PredictRequest.class, "{\"a\\nb\\u202e" + "x".repeat(100) + "\": 1}");

    assertTrue(message.startsWith("unknown field 'a\\u000ab\\u202exxx"), message);
    assertTrue(message.contains("...'"), message);
    assertFalse(message.contains("\n"), message);
  }

  @Test
  void bytesThatAreNotUtf8AreRefused() {
    byte[][] bodies = {
      {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'},
      {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xFF, '"', '}'},
      {
        '{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'
      },
      {(byte) 0xFE, (byte) 0xFF, 0, '{'}
    };
    for (byte[] body : bodies) {
      InvalidInputException e =
          assertThrows(
              InvalidInputException.class, () -> read(PredictRequest.class, body, null, null));
      assertTrue(e.getMessage().contains("not valid"), e.getMessage());
    }
  }

  @Test
  void aBodyOverTheLimitIsRefusedByItsLengthBeforeItIsParsed() {
    CountingStream notJson = new CountingStream("x".repeat(1025).getBytes(StandardCharsets.UTF_8));

    InputTooLargeException e =
        assertThrows(
            InputTooLargeException.class,
            () -> StrictJsonReader.read(PredictRequest.class, null, "1025", notJson, LIMIT));

    assertTrue(
        e.getMessage().contains("1025 bytes; the limit is 1024 (MAX_BODY_BYTES)"), e.getMessage());
  }

  @Test
  void aBodyWithoutLengthIsCutOffOnceItPassesTheLimit() {
    String big = "{\"text\": \"" + "a".repeat(5000) + "\"}";
    CountingStream body = new CountingStream(big.getBytes(StandardCharsets.UTF_8));

    InputTooLargeException e =
        assertThrows(
            InputTooLargeException.class,
            () -> StrictJsonReader.read(PredictRequest.class, null, null, body, LIMIT));

    assertTrue(e.getMessage().contains("more than 1024 bytes"), e.getMessage());
    assertTrue(body.served <= 2 * LIMIT + 64, "read past the limit, then drained: " + body.served);
  }

  @Test
  void aChunkedBodyOverTheLimitIsParsedUpToTheLimitBeforeItsSizeIsRefused() {
    byte[] early = ("{x" + " ".repeat(5000) + "}").getBytes(StandardCharsets.UTF_8);
    byte[] fine = ("{\"text\": \"" + "a".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);

    String syntax =
        assertThrows(
                InvalidInputException.class,
                () ->
                    StrictJsonReader.read(
                        PredictRequest.class, null, null, new ByteArrayInputStream(early), LIMIT))
            .getMessage();
    assertThrows(
        InputTooLargeException.class,
        () ->
            StrictJsonReader.read(
                PredictRequest.class, null, null, new ByteArrayInputStream(fine), LIMIT));

    assertEquals("the request body is not valid JSON (line 1, column 2)", syntax);
  }

  @Test
  void aRefusedBodyIsDrainedUpToTheLimitSoTheClientCanFinishSendingIt() {
    byte[] refused = ("{\"extra\": \"" + "x".repeat(900) + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] huge = ("{\"text\": \"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
    CountingStream small = new CountingStream(refused);
    CountingStream large = new CountingStream(huge);

    assertThrows(
        InvalidInputException.class,
        () -> StrictJsonReader.read(PredictRequest.class, null, null, small, LIMIT));
    assertThrows(
        InputTooLargeException.class,
        () -> StrictJsonReader.read(PredictRequest.class, null, "5012", large, LIMIT));

    assertEquals(refused.length, small.served, "read to its end");
    assertEquals(LIMIT, large.served, "at most the limit is drained");
  }

  @Test
  void aBodyAtTheLimitIsRead() {
    String text = "a".repeat((int) LIMIT - "{\"text\": \"\"}".length());
    byte[] body = ("{\"text\": \"" + text + "\"}").getBytes(StandardCharsets.UTF_8);

    assertEquals(LIMIT, body.length);
    assertEquals(
        new PredictRequest(text, null),
        read(PredictRequest.class, body, String.valueOf(body.length), null));
  }

  @Test
  void onlyUtf8IsAccepted() {
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    String latin1 = "ISO-8859-1";
    String utf8 = "UTF-8";

    String message =
        assertThrows(
                InvalidInputException.class, () -> read(PredictRequest.class, body, null, latin1))
            .getMessage();
    assertEquals(
        "request bodies must be UTF-8 JSON; charset 'ISO-8859-1' is not accepted", message);
    assertEquals(new PredictRequest(null, null), read(PredictRequest.class, body, null, utf8));
  }

  @Test
  void aContentLengthThatIsNotANumberIsInvalid() {
    String message =
        assertThrows(
                InvalidInputException.class,
                () -> read(PredictRequest.class, new byte[0], "12abc", null))
            .getMessage();

    assertEquals("the Content-Length header is not a number", message);
  }

  @Test
  void eachReaderTakesOnlyItsOwnRecordAndDeclaresItAsItsType() {
    MediaType json = MediaType.APPLICATION_JSON_TYPE;
    StrictJsonReader<PredictRequest> predict = new StrictJsonReader.PredictBody();
    StrictJsonReader<BatchPredictRequest> batch = new StrictJsonReader.BatchBody();

    assertTrue(predict.isReadable(PredictRequest.class, null, null, json));
    assertFalse(predict.isReadable(BatchPredictRequest.class, null, null, json));
    assertTrue(batch.isReadable(BatchPredictRequest.class, null, null, json));
    assertFalse(batch.isReadable(Object.class, null, null, json));
    assertEquals(
        PredictRequest.class,
        ((ParameterizedType) StrictJsonReader.PredictBody.class.getGenericSuperclass())
            .getActualTypeArguments()[0],
        "a type argument, so that the runtime prefers it to JSON-B's reader of Object");
  }

  /** Serves bytes one read at a time and counts them. */
  private static final class CountingStream extends InputStream {
    private final byte[] bytes;
    int served;

    CountingStream(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public int read() {
      return served < bytes.length ? bytes[served++] & 0xff : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (served >= bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(length, 64), bytes.length - served);
      System.arraycopy(bytes, served, buffer, offset, n);
      served += n;
      return n;
    }
  }
}
