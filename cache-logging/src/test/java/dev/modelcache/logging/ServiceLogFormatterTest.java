package dev.modelcache.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Instant;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every JSON line is read back by a real parser (Parsson), which is the oracle for escaping. */
class ServiceLogFormatterTest {
  private final ServiceLogFormatter json = new ServiceLogFormatter("json", "svc");

  @AfterEach
  void noExtraFields() {
    LogContext.install((record, field) -> {});
  }

  private static JsonObject parse(String line) {
    assertTrue(line.endsWith("\n"), "a line ends with a line feed: " + line);
    assertEquals(line.length() - 1, line.indexOf('\n'), "one line per record: " + line);
    try (JsonReader reader = Json.createReader(new StringReader(line))) {
      return reader.readObject();
    }
  }

  private static LogRecord record(Level level, String message) {
    LogRecord r = new LogRecord(level, message);
    r.setLoggerName("dev.modelcache.engine.cache.ModelCache");
    r.setInstant(Instant.parse("2026-01-02T03:04:05.678901Z"));
    return r;
  }

  @Test
  void aLineHasTheEcsFields() {
    JsonObject line = parse(json.format(record(Level.INFO, "loaded spam-detector")));
    assertEquals("2026-01-02T03:04:05.678Z", line.getString("@timestamp"));
    assertEquals("INFO", line.getString("log.level"));
    assertEquals("dev.modelcache.engine.cache.ModelCache", line.getString("log.logger"));
    assertEquals("loaded spam-detector", line.getString("message"));
    assertEquals("svc", line.getString("service.name"));
    assertEquals(ServiceLogFormatter.ECS_VERSION, line.getString("ecs.version"));
    assertFalse(line.containsKey("error.type"));
  }

  @Test
  void levelsGetEcsNames() {
    assertEquals("ERROR", ServiceLogFormatter.level(Level.SEVERE));
    assertEquals("WARN", ServiceLogFormatter.level(Level.WARNING));
    assertEquals("INFO", ServiceLogFormatter.level(Level.INFO));
    assertEquals("DEBUG", ServiceLogFormatter.level(Level.CONFIG));
    assertEquals("DEBUG", ServiceLogFormatter.level(Level.FINE));
    assertEquals("TRACE", ServiceLogFormatter.level(Level.FINEST));
  }

  @Test
  void parametersAreFilledIn() {
    LogRecord r = record(Level.INFO, "model cache up: {0} models / {1} MB");
    r.setParameters(new Object[] {5, 2048});
    assertEquals("model cache up: 5 models / 2,048 MB", parse(json.format(r)).getString("message"));
  }

  @Test
  void aThrowableIsOneFieldWithItsWholeStackTrace() {
    LogRecord r = record(Level.SEVERE, "unexpected error, incident 42");
    IllegalStateException cause = new IllegalStateException("inner \"quoted\"\nsecond line");
    r.setThrown(new RuntimeException("outer", cause));
    JsonObject line = parse(json.format(r));
    assertEquals("ERROR", line.getString("log.level"));
    assertEquals("java.lang.RuntimeException", line.getString("error.type"));
    assertEquals("outer", line.getString("error.message"));
    String trace = line.getString("error.stack_trace");
    assertTrue(trace.startsWith("java.lang.RuntimeException: outer\n"), trace);
    assertTrue(
        trace.contains("Caused by: java.lang.IllegalStateException: inner \"quoted\"\nsecond"));
    assertTrue(trace.contains("\tat dev.modelcache.logging.ServiceLogFormatterTest"), trace);
  }

  @Test
  void theApplicationAddsItsFields() {
    LogContext.install(
        (record, field) -> {
          field.accept("trace.id", "0af7651916cd43dd8448eb211c80319c");
          field.accept("span.id", "b7ad6b7169203331");
          field.accept("model.name", "spam-detector");
        });
    JsonObject line = parse(json.format(record(Level.INFO, "x")));
    assertEquals("0af7651916cd43dd8448eb211c80319c", line.getString("trace.id"));
    assertEquals("b7ad6b7169203331", line.getString("span.id"));
    assertEquals("spam-detector", line.getString("model.name"));
  }

  @Test
  void extraFieldsThatThrowDoNotLoseTheLine() {
    LogContext.install(
        (record, field) -> {
          throw new IllegalStateException("broken");
        });
    JsonObject line = parse(json.format(record(Level.INFO, "still here")));
    assertEquals("still here", line.getString("message"));
    assertTrue(line.getString("log.context_error").contains("broken"));
  }

  @Test
  void awkwardCharactersSurviveTheRoundTrip() {
    String[] messages = {
      "quote \" backslash \\ slash /",
      "new\nline\r\nand\ttab",
      "controls \u0000\u0001\u001f\u007f end",
      "line separators \u2028 \u2029",
      "accents é ü and emoji \uD83D\uDE00",
      "lone surrogates \uD800 and \uDC00 and reversed \uDC00\uD800",
      "{\"looks\": \"like json\"}",
      ""
    };
    for (String m : messages) {
      assertEquals(m, parse(json.format(record(Level.INFO, m))).getString("message"), m);
    }
  }

  @Test
  void randomStringsSurviveTheRoundTrip() {
    Random random = new Random(20261205);
    for (int i = 0; i < 5000; i++) {
      char[] chars = new char[random.nextInt(40)];
      for (int k = 0; k < chars.length; k++) {
        // Mostly the awkward ranges: controls, ASCII punctuation, surrogates, anything.
        chars[k] =
            switch (random.nextInt(4)) {
              case 0 -> (char) random.nextInt(0x20);
              case 1 -> (char) (0x20 + random.nextInt(0x60));
              case 2 -> (char) (0xD800 + random.nextInt(0x800));
              default -> (char) random.nextInt(0x10000);
            };
      }
      String m = new String(chars);
      LogRecord r = record(Level.WARNING, m);
      r.setLoggerName(m);
      JsonObject line = parse(json.format(r));
      assertEquals(m, line.getString("message"));
      assertEquals(m, line.getString("log.logger"));
    }
  }

  @Test
  void textIsTheSimpleFormattersLine() {
    ServiceLogFormatter text = new ServiceLogFormatter(null, null);
    assertFalse(text.isJson());
    LogRecord r = record(Level.INFO, "hello");
    assertEquals(new java.util.logging.SimpleFormatter().format(r), text.format(r));
  }

  @Test
  void anUnknownFormatIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ServiceLogFormatter("xml", null));
    assertTrue(e.getMessage().contains("MODEL_CACHE_LOG_FORMAT must be json or text: xml"));
  }

  @Test
  void theServiceNameDefaultsToModelCache() {
    ServiceLogFormatter f = new ServiceLogFormatter("JSON", " ");
    assertEquals("model-cache", parse(f.format(record(Level.INFO, "x"))).getString("service.name"));
  }
}
