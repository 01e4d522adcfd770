package dev.modelcache.service.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What an API key may do. Roles are independent: {@code admin} does not imply {@code predict}, so a
 * key that manages models cannot read predictions unless it is given both ({@code predict+admin}).
 */
public enum Role {
  /**
   * {@code POST /predict}, {@code POST /predict/batch}, {@code POST /generate}, {@code GET
   * /models[/name]}, {@code /stats}.
   */
  PREDICT,
  /** Preload, unload, {@code POST /clear-cache} and {@code GET /logs}. */
  ADMIN,
  /** {@code /metrics} and Payara's {@code /mp-metrics}, and health when it is not public. */
  METRICS;

  /** The name used in settings: {@code predict}, {@code admin}, {@code metrics}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The role named {@code text} in a setting.
   *
   * @throws IllegalArgumentException naming the bad value and the known roles
   */
  public static Role parse(String text) {
    for (Role role : values()) {
      if (role.id().equals(text)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '"
            + text
            + "'; roles are "
            + Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", ")));
  }
}
