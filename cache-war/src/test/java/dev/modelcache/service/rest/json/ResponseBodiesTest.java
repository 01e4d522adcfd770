package dev.modelcache.service.rest.json;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.rest.ErrorResponse;
import dev.modelcache.api.rest.PredictResponse;
import jakarta.json.Json;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hand-written response JSON is what the server's JSON-B (Yasson, the version Payara Micro
 * ships) writes for the same records, byte for byte: escaping, number forms, field order, absent
 * nulls.
 */
class ResponseBodiesTest {
  private static final Jsonb JSONB = JsonbBuilder.create();

  @AfterAll
  static void close() throws Exception {
    JSONB.close();
  }

  private static byte[] jsonb(Object value) {
    return JSONB.toJson(value).getBytes(StandardCharsets.UTF_8);
  }

  private static void assertSameAsJsonb(PredictResponse answer) {
    byte[] expected = jsonb(answer);
    byte[] actual = ResponseBodies.prediction(answer);
    assertArrayEquals(
        expected,
        actual,
        () ->
            "expected "
                + new String(expected, StandardCharsets.UTF_8)
                + "\n but was "
                + new String(actual, StandardCharsets.UTF_8));
  }

  private static PredictResponse classification(String label, double confidence, String model) {
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("NOT " + label, 1 - confidence);
    scores.put(label, confidence);
    return new PredictResponse(label, confidence, scores, null, null, model, 1.98, true, false);
  }

  static Stream<String> awkwardStrings() {
    return Stream.of(
        "",
        "SPAM",
        "say \"hi\"",
        "back\\slash",
        "tab\tnewline\ncarriage\rbackspace\bformfeed\f",
        "\u0000\u0001\u001f\u0007\u001b[31m",
        "\u007f del and \u0080 c1",
        "caf\u00e9 \u4e2d\u6587 \u202egpj.exe\u202c \ufeff \uffff",
        "\ud83d\udc68\u200d\ud83d\udc69\u200d\ud83d\udc67",
        "lone \ud800 high and \udc00 low surrogates",
        "/slash/ and </script>",
        "\u2028 line and \u2029 paragraph separators");
  }

  @ParameterizedTest
  @MethodSource("awkwardStrings")
  void labelsAndModelNamesAreEscapedAsJsonbEscapesThem(String value) {
    assertSameAsJsonb(classification(value, 0.75, value));
  }

  @Test
  void aClassificationHasItsFieldsInOrderAndNoEmbedding() {
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("HAM", 0.001371);
    scores.put("SPAM", 0.998629);
    PredictResponse answer =
        new PredictResponse(
            "SPAM", 0.998629, scores, null, null, "spam-detector", 1.98, true, false);

    assertSameAsJsonb(answer);
    assertEquals(
        "{\"prediction\":\"SPAM\",\"confidence\":0.998629,\"scores\":{\"HAM\":0.001371,"
            + "\"SPAM\":0.998629},\"model_name\":\"spam-detector\",\"processing_time_ms\":1.98,"
            + "\"cached\":true,\"response_cached\":false}",
        new String(ResponseBodies.prediction(answer), StandardCharsets.UTF_8));
  }

  @Test
  void aMultiLabelAnswerListsItsLabelsAfterTheScoresAndMayListNone() {
    Map<String, Double> scores = new LinkedHashMap<>();
    scores.put("toxic", 0.91);
    scores.put("insult", 0.62);
    PredictResponse some =
        new PredictResponse(
            "toxic", 0.91, scores, List.of("toxic", "insult"), null, "m", 1.5, true, false);
    PredictResponse none =
        new PredictResponse("toxic", 0.41, scores, List.of(), null, "m", 1.5, true, false);

    assertSameAsJsonb(some);
    assertSameAsJsonb(none);
    assertEquals(
        "{\"prediction\":\"toxic\",\"confidence\":0.91,\"scores\":{\"toxic\":0.91,"
            + "\"insult\":0.62},\"labels\":[\"toxic\",\"insult\"],\"model_name\":\"m\","
            + "\"processing_time_ms\":1.5,\"cached\":true,\"response_cached\":false}",
        new String(ResponseBodies.prediction(some), StandardCharsets.UTF_8));
    assertTrue(
        new String(ResponseBodies.prediction(none), StandardCharsets.UTF_8)
            .contains("\"labels\":[],"));
  }

  private static List<String> randomStrings(Random random) {
    List<String> strings = new ArrayList<>();
    for (int k = random.nextInt(4); k > 0; k--) {
      strings.add(randomString(random));
    }
    return strings;
  }

  @Test
  void anEmbeddingHasNoLabelFields() {
    float[] vector = {-0.123864725f, 0.0140534295f, 1.0E-4f, 0f, -0f, 1f, 3.4e-8f};
    PredictResponse answer =
        new PredictResponse(null, null, null, null, vector, "tiny-embed", 0.0, false, true);

    assertSameAsJsonb(answer);
    assertEquals(
        "{\"embedding\":[-0.123864725,0.0140534295,0.00010,0.0,0.0,1.0,3.4E-8],"
            + "\"model_name\":\"tiny-embed\",\"processing_time_ms\":0.0,\"cached\":false,"
            + "\"response_cached\":true}",
        new String(ResponseBodies.prediction(answer), StandardCharsets.UTF_8));
  }

  @Test
  void randomAnswersAreWrittenAsJsonbWritesThem() {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      PredictResponse answer;
      if (random.nextBoolean()) {
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int k = random.nextInt(4); k >= 0; k--) {
          scores.put(randomString(random), randomDouble(random));
        }
        answer =
            new PredictResponse(
                randomString(random),
                randomDouble(random),
                scores,
                random.nextBoolean() ? null : randomStrings(random),
                null,
                randomString(random),
                Math.round(random.nextDouble() * 1e7) / 100.0,
                random.nextBoolean(),
                random.nextBoolean());
      } else {
        float[] vector = new float[random.nextInt(40)];
        for (int k = 0; k < vector.length; k++) {
          vector[k] = randomFloat(random);
        }
        answer =
            new PredictResponse(
                null,
                null,
                null,
                null,
                vector,
                randomString(random),
                randomDouble(random),
                random.nextBoolean(),
                random.nextBoolean());
      }
      assertSameAsJsonb(answer);
    }
  }

  @Test
  void floatsAreWrittenThroughTheirShortestDecimalAsYassonWritesThem() {
    Random random = new Random(7);
    IntStream.concat(
            IntStream.of(
                Float.floatToIntBits(0f),
                Float.floatToIntBits(-0f),
                Float.floatToIntBits(Float.MIN_VALUE),
                Float.floatToIntBits(Float.MAX_VALUE),
                Float.floatToIntBits(1e-3f),
                Float.floatToIntBits(Math.nextDown(1e-3f)),
                Float.floatToIntBits(1e7f),
                Float.floatToIntBits(Math.nextDown(1e7f))),
            IntStream.generate(random::nextInt).limit(200_000))
        .mapToObj(Float::intBitsToFloat)
        .filter(Float::isFinite)
        .forEach(
            f ->
                assertEquals(
                    new BigDecimal(String.valueOf(f)).toString(),
                    JsonText.number(f),
                    () -> "float " + f));
  }

  @Test
  void numbersWithoutAJsonFormAreRefused() {
    assertThrows(NumberFormatException.class, () -> JsonText.number(Double.NaN));
    assertThrows(NumberFormatException.class, () -> JsonText.number(Double.NEGATIVE_INFINITY));
    assertThrows(NumberFormatException.class, () -> JsonText.number(Float.NaN));
    assertThrows(
        NumberFormatException.class,
        () ->
            ResponseBodies.prediction(
                new PredictResponse(
                    null,
                    null,
                    null,
                    null,
                    new float[] {Float.POSITIVE_INFINITY},
                    "m",
                    1,
                    true,
                    true)));
  }

  @ParameterizedTest
  @MethodSource("awkwardStrings")
  void anErrorIsWrittenAsJsonbAndJsonPWriteIt(String message) {
    ErrorResponse error = new ErrorResponse("invalid_input", message, 400);
    String jsonP =
        Json.createObjectBuilder()
            .add("error", error.error())
            .add("message", error.message())
            .add("status", error.status())
            .build()
            .toString();

    assertArrayEquals(jsonb(error), ResponseBodies.error(error));
    assertArrayEquals(jsonP.getBytes(StandardCharsets.UTF_8), ResponseBodies.error(error));
  }

  @Test
  void nestingIsClosedInOrder() {
    JsonText json = new JsonText(16).beginObject();

    assertThrows(IllegalStateException.class, () -> json.endObject().endObject());
  }

  private static String randomString(Random random) {
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(12); i > 0; i--) {
      out.append(
          switch (random.nextInt(4)) {
            case 0 -> (char) random.nextInt(0x80);
            case 1 -> (char) random.nextInt(0x20);
            case 2 -> (char) random.nextInt(0x10000);
            default -> "\"\\/".charAt(random.nextInt(3));
          });
    }
    return out.toString();
  }

  private static double randomDouble(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> Math.round(random.nextDouble() * 1e6) / 1e6;
      case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
      case 2 -> finite(Double.longBitsToDouble(random.nextLong()));
      default -> random.nextInt(3);
    };
  }

  private static double finite(double d) {
    return Double.isFinite(d) ? d : 0.5;
  }

  private static float randomFloat(Random random) {
    float f = Float.intBitsToFloat(random.nextInt());
    return Float.isFinite(f) ? f : random.nextFloat() - 0.5f;
  }
}
