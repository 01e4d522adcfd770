package dev.modelcache.service.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditLogTest {
  private static final Set<String> FIELDS =
      Set.of("ts", "event", "key_id", "client", "model", "outcome", "status", "detail");

  private final Logger logger = Logger.getLogger(AuditLog.LOGGER_NAME + ".test");
  private final List<LogRecord> records = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final AuditLog audit =
      new AuditLog(logger, Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));

  @BeforeEach
  void capture() {
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.INFO);
    logger.addHandler(capture);
  }

  @AfterEach
  void release() {
    logger.removeHandler(capture);
  }

  private JsonObject line(int i) {
    assertEquals(Level.INFO, records.get(i).getLevel());
    try (JsonReader reader = Json.createReader(new StringReader(records.get(i).getMessage()))) {
      return reader.readObject();
    }
  }

  @Test
  void anAdministrativeRequestIsOneJsonLineWithEveryField() {
    audit.record(AuditEvent.request("preload", "ops", "10.0.0.7", "org/model", 200, "loaded"));

    JsonObject line = line(0);
    assertEquals(1, records.size());
    assertFalse(records.get(0).getMessage().contains("\n"));
    assertEquals(FIELDS, line.keySet());
    assertEquals("2026-01-02T03:04:05Z", line.getString("ts"));
    assertEquals("preload", line.getString("event"));
    assertEquals("ops", line.getString("key_id"));
    assertEquals("10.0.0.7", line.getString("client"));
    assertEquals("org/model", line.getString("model"));
    assertEquals("ok", line.getString("outcome"));
    assertEquals(200, line.getInt("status"));
    assertEquals("loaded", line.getString("detail"));
  }

  @Test
  void aFailedRequestIsAnErrorAndMissingFieldsAreNull() {
    audit.record(AuditEvent.request("clear_cache", null, "10.0.0.7", null, 429, "rate_limited"));
    audit.record(AuditEvent.config("auth=enabled keys=[ops[admin]]"));

    JsonObject failed = line(0);
    JsonObject config = line(1);
    assertEquals("error", failed.getString("outcome"));
    assertEquals(JsonValue.NULL, failed.get("key_id"));
    assertEquals(JsonValue.NULL, failed.get("model"));
    assertEquals(FIELDS, config.keySet());
    assertEquals("config", config.getString("event"));
    assertEquals(JsonValue.NULL, config.get("status"));
  }

  @Test
  void aRefusalNamesTheRequestAndItsReason() {
    audit.record(
        AuditEvent.refused("app", "10.0.0.8", "delete", "models/x", 403, "lacks the role 'admin'"));

    JsonObject line = line(0);
    assertEquals("auth_failure", line.getString("event"));
    assertEquals("denied", line.getString("outcome"));
    assertEquals(403, line.getInt("status"));
    assertEquals("DELETE /models/x: lacks the role 'admin'", line.getString("detail"));
  }

  @Test
  void aHostileModelNameCannotBreakTheLineOrFloodIt() {
    String hostile = "x\n{\"event\":\"forged\"}\u2028" + "y".repeat(10_000);

    audit.record(AuditEvent.request("unload", "ops", "10.0.0.7", hostile, 400, "invalid_input"));

    String raw = records.get(0).getMessage();
    assertFalse(raw.contains("\n"), raw);
    assertTrue(raw.length() < 2 * AuditLog.MAX_FIELD, "cut: " + raw.length());
    assertTrue(line(0).getString("model").startsWith("x\n{\"event\":\"forged\"}"));
  }
}
