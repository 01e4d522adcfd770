package dev.modelcache.service.security;

import dev.modelcache.service.settings.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The security settings, read once at start-up under the environment variables' names. A service
 * with authentication on (the default) and no key fails to start, with a message naming the
 * settings; so does any malformed value. {@code docs/security.md} explains each.
 *
 * @param authEnabled {@code MODEL_CACHE_AUTH}: {@code enabled} (default) or {@code disabled}
 * @param keys {@code MODEL_CACHE_API_KEYS} and the keys of {@code MODEL_CACHE_API_KEYS_FILE}
 * @param keysFile {@code MODEL_CACHE_API_KEYS_FILE}, if set
 * @param publicHealth {@code MODEL_CACHE_PUBLIC_HEALTH}: health open to anyone (default true)
 * @param publicMetrics {@code MODEL_CACHE_PUBLIC_METRICS}: metrics open to anyone (default false)
 * @param ratePerSecond {@code MODEL_CACHE_RATE_LIMIT}: requests a second per caller; 0 = off
 *     (default)
 * @param rateBurst {@code MODEL_CACHE_RATE_BURST}: the largest burst; default the rate rounded up,
 *     at least 1
 * @param maxConcurrentRequests {@code MODEL_CACHE_MAX_CONCURRENT_REQUESTS}: requests served at once
 *     (default 128); 0 = no limit
 * @param auditLog {@code MODEL_CACHE_AUDIT_LOG}: the audit log's own file; empty = the server log
 */
public record SecurityConfig(
    boolean authEnabled,
    ApiKeys keys,
    Optional<Path> keysFile,
    boolean publicHealth,
    boolean publicMetrics,
    double ratePerSecond,
    int rateBurst,
    int maxConcurrentRequests,
    Optional<Path> auditLog) {

  static final String AUTH = "MODEL_CACHE_AUTH";
  static final String KEYS = "MODEL_CACHE_API_KEYS";
  static final String KEYS_FILE = "MODEL_CACHE_API_KEYS_FILE";

  /** Reads the settings. */
  public static SecurityConfig from(Settings settings) {
    return read(settings::value);
  }

  /**
   * Reads the settings.
   *
   * @param settings a setting's value by name, empty if unset
   * @throws IllegalStateException if authentication is on and no key is configured
   * @throws IllegalArgumentException naming a malformed setting
   */
  public static SecurityConfig read(Function<String, Optional<String>> settings) {
    Function<String, Optional<String>> set = name -> settings.apply(name).map(String::strip);
    boolean auth = auth(set.apply(AUTH).filter(v -> !v.isEmpty()).orElse("enabled"));
    Optional<Path> keysFile = set.apply(KEYS_FILE).filter(v -> !v.isEmpty()).map(Path::of);
    List<ApiKey> keys = new ArrayList<>(ApiKeyParser.inline(set.apply(KEYS).orElse("")));
    keysFile.ifPresent(file -> keys.addAll(ApiKeyParser.file(lines(file), KEYS_FILE + " " + file)));
    if (auth && keys.isEmpty()) {
      throw new IllegalStateException(
          "authentication is on but no API key is configured: set "
              + KEYS
              + " (id:role+role:secret,...) or "
              + KEYS_FILE
              + " (one 'id role+role sha256:<hex>' per line), or set "
              + AUTH
              + "=disabled to run without authentication (local try-outs only)");
    }
    double rate = decimal(set, "MODEL_CACHE_RATE_LIMIT", 0);
    int defaultBurst = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(rate)));
    return new SecurityConfig(
        auth,
        ApiKeys.of(keys),
        keysFile,
        bool(set, "MODEL_CACHE_PUBLIC_HEALTH", true),
        bool(set, "MODEL_CACHE_PUBLIC_METRICS", false),
        rate,
        atLeast(set, "MODEL_CACHE_RATE_BURST", defaultBurst, 1),
        atLeast(set, "MODEL_CACHE_MAX_CONCURRENT_REQUESTS", 128, 0),
        set.apply("MODEL_CACHE_AUDIT_LOG").filter(v -> !v.isEmpty()).map(Path::of));
  }

  /** The effective settings in one line, for the start-up log and audit; no secrets. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "auth=%s keys=%s%s public_health=%s public_metrics=%s rate_limit=%s burst=%d"
            + " max_concurrent_requests=%s audit_log=%s",
        authEnabled ? "enabled" : "DISABLED",
        keys.all().stream().map(ApiKey::toString).collect(Collectors.joining(",", "[", "]")),
        keysFile.map(f -> " keys_file=" + f).orElse(""),
        publicHealth,
        publicMetrics,
        ratePerSecond == 0 ? "off" : ratePerSecond + "/s",
        rateBurst,
        maxConcurrentRequests == 0 ? "unlimited" : String.valueOf(maxConcurrentRequests),
        auditLog.map(Path::toString).orElse("server log"));
  }

  private static boolean auth(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "enabled" -> true;
      case "disabled" -> false;
      default ->
          throw new IllegalArgumentException(
              AUTH + " must be enabled or disabled: '" + value + "'");
    };
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + KEYS_FILE + " " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }

  private static boolean bool(
      Function<String, Optional<String>> set, String name, boolean fallback) {
    String value = set.apply(name).filter(v -> !v.isEmpty()).orElse(null);
    if (value == null) {
      return fallback;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false: '" + value + "'");
    };
  }

  private static double decimal(
      Function<String, Optional<String>> set, String name, double fallback) {
    String value = set.apply(name).filter(v -> !v.isEmpty()).orElse(null);
    if (value == null) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (parsed >= 0 && parsed <= 1e9 && (parsed == 0 || parsed >= 0.001)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name
            + " must be 0 (off) or a number of requests per second from 0.001 to 1e9: '"
            + value
            + "'");
  }

  private static int atLeast(
      Function<String, Optional<String>> set, String name, int fallback, int min) {
    String value = set.apply(name).filter(v -> !v.isEmpty()).orElse(null);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        name + " must be an integer >= " + min + ": '" + value + "'");
  }
}
