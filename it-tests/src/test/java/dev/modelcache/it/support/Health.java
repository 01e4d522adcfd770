package dev.modelcache.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;

/** Reading MicroProfile Health answers: the overall status and one named check. */
public final class Health {
  /** How long start-up work (preloading) may take before a test gives up on it. */
  public static final Duration START_UP = Duration.ofSeconds(60);

  private Health() {}

  /** The check named {@code name} in a health answer; fails if there is not exactly one. */
  public static JsonObject check(JsonObject health, String name) {
    List<JsonObject> matching =
        health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
            .filter(c -> c.getString("name").equals(name))
            .toList();
    assertEquals(1, matching.size(), () -> "one check named " + name + " in " + health);
    return matching.get(0);
  }

  /**
   * A numeric datum of a check, which must be a JSON number (as the design document's {@code
   * /health} has every field): a client compares it with numbers.
   *
   * @throws AssertionError if the datum is missing or not a JSON number
   */
  public static double number(JsonObject data, String key) {
    JsonValue value = data.get(key);
    if (value instanceof JsonNumber n) {
      return n.doubleValue();
    }
    throw new AssertionError(key + " is missing or not a JSON number in " + data);
  }

  /**
   * Whether the readiness check has left its start-up states ({@code starting}, {@code preloading
   * ...}): it is ready, or failed, or stopping. An answer without the check has not settled.
   */
  public static boolean settled(Reply ready) {
    if (ready.status() != 200 && ready.status() != 503) {
      return false;
    }
    return ready.json(ready.status()).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
        .filter(c -> c.getString("name").equals("model-cache-ready"))
        .map(c -> c.getJsonObject("data").getString("state", ""))
        .anyMatch(
            state ->
                !state.isEmpty() && !state.equals("starting") && !state.startsWith("preloading"));
  }
}
