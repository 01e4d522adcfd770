package dev.modelcache.service.audit;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes {@link AuditEvent}s as JSON lines ({@code {"ts":..., "event":..., "key_id":...,
 * "client":..., "model":..., "outcome":..., "status":..., "detail":...}}) at INFO on the {@value
 * #LOGGER_NAME} logger. Strings are JSON-escaped and cut to {@value #MAX_FIELD} characters, so a
 * client cannot forge lines or flood one. Thread-safe (the logger's handlers are).
 */
public final class AuditLog {
  public static final String LOGGER_NAME = "dev.modelcache.audit";
  static final int MAX_FIELD = 500;

  private final Logger logger;
  private final Clock clock;

  /**
   * @param logger where lines go; held strongly here, so handlers set on it stay
   * @param clock the time stamps' source
   */
  public AuditLog(Logger logger, Clock clock) {
    this.logger = logger;
    this.clock = clock;
  }

  public void record(AuditEvent event) {
    if (!logger.isLoggable(Level.INFO)) {
      return;
    }
    JsonObjectBuilder line = Json.createObjectBuilder().add("ts", clock.instant().toString());
    add(line, "event", event.event());
    add(line, "key_id", event.keyId());
    add(line, "client", event.client());
    add(line, "model", event.model());
    add(line, "outcome", event.outcome());
    if (event.status() == null) {
      line.addNull("status");
    } else {
      line.add("status", event.status());
    }
    add(line, "detail", event.detail());
    logger.log(Level.INFO, line.build().toString());
  }

  private static void add(JsonObjectBuilder line, String name, String value) {
    if (value == null) {
      line.addNull(name);
    } else {
      line.add(name, value.length() > MAX_FIELD ? value.substring(0, MAX_FIELD) + "..." : value);
    }
  }
}
