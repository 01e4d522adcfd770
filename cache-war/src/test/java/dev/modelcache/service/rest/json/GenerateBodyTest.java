package dev.modelcache.service.rest.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.rest.GenerateRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code POST /generate} bodies are read as strictly as the others: its fields with their JSON
 * types (an integer is a number without a fraction that fits), nothing else.
 */
class GenerateBodyTest {

  private static Object read(String json) {
    return StrictJsonReader.read(
        GenerateRequest.class,
        null,
        null,
        new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
        1024);
  }

  @Test
  void everyFieldIsReadInAnyOrderAndAbsentOnesAreNull() {
    assertEquals(
        new GenerateRequest("once", "tiny-gpt2", 12, 0.7, 0.9, 9007199254740993L),
        read(
            "{\"seed\": 9007199254740993, \"top_p\": 0.9, \"temperature\": 0.7,"
                + " \"max_new_tokens\": 12.0, \"model_name\": \"tiny-gpt2\", \"text\": \"once\"}"));
    assertEquals(
        new GenerateRequest("once", "m", null, null, null, null),
        read("{\"text\": \"once\", \"model_name\": \"m\"}"));
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of(
            "{\"max_new_tokens\": \"8\"}", "max_new_tokens must be an integer, not a string"),
        Arguments.of(
            "{\"max_new_tokens\": 8.5}", "max_new_tokens must be a 32-bit integer, not '8.5'"),
        Arguments.of(
            "{\"max_new_tokens\": 4294967296}",
            "max_new_tokens must be a 32-bit integer, not '4294967296'"),
        Arguments.of("{\"seed\": 1e30}", "seed must be a 64-bit integer, not '1E+30'"),
        Arguments.of(
            "{\"seed\": 1e400000000}", "seed must be a 64-bit integer, not '1E+400000000'"),
        Arguments.of(
            "{\"seed\": 1e-400000000}", "seed must be a 64-bit integer, not '1E-400000000'"),
        Arguments.of("{\"temperature\": true}", "temperature must be a number, not a boolean"),
        Arguments.of("{\"top_p\": null}", "top_p must be a number, not null"),
        Arguments.of(
            "{\"stream\": true}",
            "unknown field 'stream'; the fields are text, model_name, max_new_tokens,"
                + " temperature, top_p, seed"),
        Arguments.of(
            "",
            "a JSON body is required: {\"text\": \"...\", \"model_name\": \"...\","
                + " \"max_new_tokens\": 32}"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void aBadFieldIsNamed(String body, String message) {
    assertEquals(message, assertThrows(InvalidInputException.class, () -> read(body)).getMessage());
  }
}
