package dev.modelcache.service.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.InputTooLargeException;
import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.rest.PredictRequest;
import dev.modelcache.engine.inference.ZeroShotQuery;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestFieldsTest {
  private static TextLimits limits(int chars, int bytes, int batch) {
    return new TextLimits(chars, bytes, batch);
  }

  private static final TextLimits TEN = limits(10, 40, 3);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "nul\u0000inside",
        "\u0000",
        "rtl \u202eevil\u202c",
        "\ud83d\ude00\ud83d\udc4d\ud83c\udffd",
        "\u0001\u001b[31m",
        "\ufeffbom",
        "\uffff\ufffe"
      })
  void controlFormatBidiAndEmojiCharactersAreTextLikeAnyOther(String text) {
    assertSame(text, RequestFields.text(text, "text", TEN));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\ud800", "a\udc00b", "ab\ud83d", "\ude00\ud83d", "x\ud800\ud800"})
  void anUnpairedSurrogateIsInvalidAndItsPlaceIsNamed(String text) {
    String message =
        assertThrows(InvalidInputException.class, () -> RequestFields.text(text, "texts[2]", TEN))
            .getMessage();

    int index = RequestFields.unpairedSurrogate(text);
    assertTrue(message.startsWith("texts[2] holds an unpaired UTF-16 surrogate (\\u"), message);
    assertTrue(message.contains(" at index " + index + ";"), message);
  }

  @Test
  void charactersAreCountedAsCodePoints() {
    String tenEmoji = "\ud83d\ude00".repeat(10);

    assertSame(tenEmoji, RequestFields.text(tenEmoji, "text", TEN));
    InputTooLargeException e =
        assertThrows(
            InputTooLargeException.class, () -> RequestFields.text(tenEmoji + "a", "text", TEN));
    assertEquals("text has 11 characters; the limit is 10 (MAX_TEXT_LENGTH)", e.getMessage());
  }

  @Test
  void bytesAreCountedInUtf8AgainstTheirOwnLimit() {
    TextLimits tight = limits(100, 12, 3);
    String fourEmoji = "\ud83d\ude00".repeat(3); // 12 bytes

    assertSame(fourEmoji, RequestFields.text(fourEmoji, "text", tight));
    InputTooLargeException e =
        assertThrows(
            InputTooLargeException.class, () -> RequestFields.text(fourEmoji + "a", "text", tight));
    assertEquals("text has 13 bytes in UTF-8; the limit is 12 (MAX_TEXT_BYTES)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"a", "\u00e9", "\u20ac", "\ud83d\ude00", "a\u00e9\u20ac\ud83d\ude00\u0000"})
  void theUtf8LengthIsTheEncodedLength(String text) {
    assertEquals(text.getBytes(StandardCharsets.UTF_8).length, RequestFields.utf8Length(text));
  }

  @Test
  void oneHundredThousandOfOneCharacterIsAcceptedAtTheDefaultLimit() {
    TextLimits defaults = limits(100_000, 400_000, 256);
    String text = "a".repeat(100_000);

    assertSame(text, RequestFields.text(text, "text", defaults));
    assertThrows(
        InputTooLargeException.class, () -> RequestFields.text(text + "a", "text", defaults));
  }

  @Test
  void aBatchNamesTheTextThatFails() {
    InvalidInputException e =
        assertThrows(
            InvalidInputException.class, () -> RequestFields.texts(List.of("ok", " "), TEN));
    InputTooLargeException many =
        assertThrows(
            InputTooLargeException.class,
            () -> RequestFields.texts(List.of("a", "b", "c", "d"), TEN));

    assertEquals("texts[1] must be a non-empty string", e.getMessage());
    assertTrue(many.getMessage().contains("at most 3 texts (MAX_BATCH_TEXTS); this one has 4"));
  }

  private static PredictRequest zeroShot(List<String> labels, String template, Boolean multi) {
    return new PredictRequest("the game", "nli", labels, template, multi);
  }

  @Test
  void aZeroShotRequestGetsThePipelinesDefaultsAndItsLabelsInOrder() {
    ZeroShotQuery query =
        RequestFields.zeroShot("the game", zeroShot(List.of("sport", "art"), null, null), TEN);

    assertEquals(List.of("sport", "art"), query.candidateLabels());
    assertEquals("This example is {}.", query.hypothesisTemplate());
    assertEquals(false, query.multiLabel());
    assertEquals("This example is art.", query.pairs().get(1).pair());
    assertEquals("the game", query.pairs().get(1).text());
  }

  @Test
  void zeroShotLabelsAndTemplatesAreCheckedAndTheirPlaceIsNamed() {
    assertEquals(
        "candidate_labels must hold at least one label",
        assertThrows(
                InvalidInputException.class,
                () -> RequestFields.zeroShot("x", zeroShot(List.of(), null, null), TEN))
            .getMessage());
    assertEquals(
        "candidate_labels may hold at most 3 labels (MAX_BATCH_TEXTS: each is one model run);"
            + " this one has 4",
        assertThrows(
                InputTooLargeException.class,
                () ->
                    RequestFields.zeroShot(
                        "x", zeroShot(List.of("a", "b", "c", "d"), null, null), TEN))
            .getMessage());
    assertEquals(
        "candidate_labels[1] must be a non-empty string",
        assertThrows(
                InvalidInputException.class,
                () -> RequestFields.zeroShot("x", zeroShot(List.of("a", " "), null, null), TEN))
            .getMessage());
    assertEquals(
        "candidate_labels[2] repeats an earlier label",
        assertThrows(
                InvalidInputException.class,
                () ->
                    RequestFields.zeroShot("x", zeroShot(List.of("a", "b", "a"), null, null), TEN))
            .getMessage());
    for (String template : List.of("no slot", "{} and {}", "{x}")) {
      assertTrue(
          assertThrows(
                  InvalidInputException.class,
                  () -> RequestFields.zeroShot("x", zeroShot(List.of("a"), template, true), TEN))
              .getMessage()
              .startsWith("hypothesis_template must hold {} exactly once"),
          template);
    }
  }
}
