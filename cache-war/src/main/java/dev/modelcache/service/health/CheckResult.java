package dev.modelcache.service.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A health check's answer: the fields of MicroProfile Health's check object. Immutable.
 *
 * @param name the check's name
 * @param up whether it is up
 * @param data extra fields, in order: strings, longs, doubles or booleans
 */
public record CheckResult(String name, boolean up, Map<String, Object> data) {

  public CheckResult {
    Objects.requireNonNull(name, "name");
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }

  /** A check that is down with an error message. */
  static CheckResult down(String name, String error) {
    return new CheckResult(name, false, Map.of("error", error));
  }
}
