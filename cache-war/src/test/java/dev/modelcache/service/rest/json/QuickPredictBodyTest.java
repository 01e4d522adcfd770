package dev.modelcache.service.rest.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelCacheException;
import dev.modelcache.api.rest.PredictRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quick reader answers only what the JSON-P parser answers for the same bytes, and it does
 * answer the common bodies: checked on written, generated and randomly mutated bodies.
 */
class QuickPredictBodyTest {
  private static final long LIMIT = 1 << 20;

  /** What the JSON-P path makes of a body: its record, or its error's message. */
  private static Object strict(byte[] body) {
    try {
      return StrictJsonReader.parse(PredictRequest.class, new ByteArrayInputStream(body), LIMIT);
    } catch (ModelCacheException e) {
      return e.getMessage();
    }
  }

  private static PredictRequest quick(byte[] body) {
    return QuickPredictBody.read(Arrays.copyOf(body, body.length + 7), body.length);
  }

  /** Where the quick reader answers, the parser answers the same record. */
  private static void assertAgrees(byte[] body) {
    PredictRequest quick = quick(body);
    if (quick != null) {
      assertEquals(
          strict(body), quick, () -> "quick and strict differ on " + Arrays.toString(body));
    }
  }

  private static byte[] utf8(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"text\":\"hello there\",\"model_name\":\"spam-detector\"}",
        "{\"model_name\": \"spam-detector\", \"text\": \"hello\"}",
        " \r\n\t{ \"text\" : \"x\" , \"model_name\" : \"org/m@v1\" } \n",
        "{\"text\":\"WIN a FREE cruise!!! Click now\",\"model_name\":\"spam-detector\"}",
        "{\"text\":\"caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \u202e\",\"model_name\":\"m\"}",
        "{\"text\":\"q\\\"uote\\\\ \\/ \\b\\f\\n\\r\\t \\u00e9\\u00E9 \\ud83d\\ude00\",\"model_name\":\"m\"}",
        "{\"text\":\"lone \\ud800 surrogate\",\"model_name\":\"m\"}",
        "{\"text\":\"\\u0000nul\",\"model_name\":\"m\"}",
        "{\"text\":\"\",\"model_name\":\"\"}",
        "{\"text\":\"del \u007f\"}",
        "{\"model_name\":\"m\"}",
        "{}",
        " { } "
      })
  void commonBodiesAreReadQuicklyToTheParsersRecord(String body) {
    PredictRequest quick = quick(utf8(body));

    assertNotNull(quick, body);
    assertEquals(strict(utf8(body)), quick);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "null",
        "[]",
        "{",
        "{\"text\":\"a\"",
        "{\"text\":\"a\",}",
        "{,\"text\":\"a\"}",
        "{\"text\":\"a\" \"model_name\":\"m\"}",
        "{\"text\":\"a\"} x",
        "{\"text\":\"a\"}{}",
        "{\"text\":42}",
        "{\"text\":null}",
        "{\"text\":[\"a\"]}",
        "{\"text\":\"a\",\"text\":\"b\"}",
        "{\"model_name\":\"a\",\"model_name\":\"b\"}",
        "{\"debug\":true}",
        "{\"te\\u0078t\":\"a\"}",
        "{\"text \":\"a\"}",
        "{\"text\":\"tab\tinside\"}",
        "{\"text\":\"bad \\q escape\"}",
        "{\"text\":\"short \\u12 escape\"}",
        "{\"text\":\"unterminated}",
        "\ufeff{\"text\":\"bom\"}",
        "{\"text\":\"a\"}\u00a0"
      })
  void everythingElseIsLeftToTheParser(String body) {
    assertNull(quick(utf8(body)), body);
  }

  @Test
  void malformedUtf8IsLeftToTheParser() {
    byte[][] strings = {
      {(byte) 0xC3, (byte) 0x28},
      {(byte) 0xFF},
      {(byte) 0xC0, (byte) 0x80},
      {(byte) 0xE0, (byte) 0x80, (byte) 0x80},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xF0, (byte) 0x9F, (byte) 0x98},
      {(byte) 0x80}
    };
    for (byte[] bad : strings) {
      for (String escape : new String[] {"", "\\n"}) {
        byte[] head = utf8("{\"text\":\"" + escape);
        byte[] tail = utf8("\",\"model_name\":\"m\"}");
        byte[] body = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bad, 0, body, head.length, bad.length);
        System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);

        assertNull(quick(body), Arrays.toString(bad));
        assertEquals("the request body is not valid UTF-8", strict(body));
      }
    }
  }

  @Test
  void generatedBodiesAreReadQuicklyToTheParsersRecord() {
    Random random = new Random(11);
    for (int i = 0; i < 20_000; i++) {
      String text = randomText(random);
      String model = randomText(random);
      byte[] body =
          utf8(
              space(random)
                  + "{"
                  + space(random)
                  + member(random, "text", text)
                  + space(random)
                  + ","
                  + space(random)
                  + member(random, "model_name", model)
                  + space(random)
                  + "}"
                  + space(random));
      PredictRequest quick = quick(body);

      assertNotNull(quick, () -> new String(body, StandardCharsets.UTF_8));
      assertEquals(strict(body), quick);
    }
  }

  @Test
  void mutatedBodiesAreNeverReadDifferently() {
    Random random = new Random(5);
    List<byte[]> seeds = new ArrayList<>();
    seeds.add(utf8("{\"text\":\"hello\",\"model_name\":\"m\"}"));
    seeds.add(
        utf8("{ \"model_name\" : \"org/m\" , \"text\" : \"caf\u00e9 \\n \\u00e9 \ud83d\ude00\" }"));
    seeds.add(utf8("{\"text\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"}"));
    byte[] alphabet = utf8("{}[]\":,\\/ \t\r\nbfnrtu0aAeFmx-1.");
    int quickOnes = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] body = seeds.get(random.nextInt(seeds.size())).clone();
      for (int k = random.nextInt(3); k >= 0; k--) {
        body = mutate(random, body, alphabet);
      }
      assertAgrees(body);
      quickOnes += quick(body) == null ? 0 : 1;
    }
    assertTrue(quickOnes > 1_000, "the mutations leave some bodies readable: " + quickOnes);
  }

  private static byte[] mutate(Random random, byte[] body, byte[] alphabet) {
    int at = random.nextInt(body.length + 1);
    byte b =
        random.nextInt(4) == 0
            ? (byte) random.nextInt(256)
            : alphabet[random.nextInt(alphabet.length)];
    List<Byte> out = new ArrayList<>();
    for (byte x : body) {
      out.add(x);
    }
    switch (random.nextInt(3)) {
      case 0 -> out.add(at, b);
      case 1 -> {
        if (at < out.size()) {
          out.remove(at);
        }
      }
      default -> {
        if (at < out.size()) {
          out.set(at, b);
        }
      }
    }
    byte[] result = new byte[out.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = out.get(i);
    }
    return result;
  }

  private static String space(Random random) {
    return " \t\r\n".substring(0, random.nextInt(5));
  }

  private static String member(Random random, String name, String value) {
    return "\"" + name + "\"" + space(random) + ":" + space(random) + quote(random, value);
  }

  /** A JSON string of {@code value}, each character escaped or not at random where JSON allows. */
  private static String quote(Random random, String value) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean mustEscape = c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c);
      if (mustEscape || random.nextInt(8) == 0) {
        String named =
            switch (c) {
              case '"' -> "\\\"";
              case '\\' -> "\\\\";
              case '/' -> "\\/";
              case '\n' -> "\\n";
              case '\t' -> "\\t";
              default -> null;
            };
        out.append(
            named != null && random.nextBoolean()
                ? named
                : String.format(random.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  private static String randomText(Random random) {
    StringBuilder out = new StringBuilder();
    for (int i = random.nextInt(20); i > 0; i--) {
      switch (random.nextInt(6)) {
        case 0 -> out.append((char) (0x20 + random.nextInt(0x5f)));
        case 1 -> out.append((char) random.nextInt(0x20));
        case 2 -> out.append("\"\\/".charAt(random.nextInt(3)));
        case 3 -> out.append((char) (0x80 + random.nextInt(0xd800 - 0x80)));
        case 4 -> out.appendCodePoint(0x10000 + random.nextInt(0x100000));
        default -> out.append((char) (0xd800 + random.nextInt(0x800)));
      }
    }
    return out.toString();
  }
}
