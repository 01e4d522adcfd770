package dev.modelcache.service.lifecycle;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the service stops on SIGTERM ({@code docs/reliability.md}, "Stopping").
 *
 * @param grace {@code MODEL_CACHE_STOP_GRACE_SECONDS} (5): after the signal, how long new requests
 *     are still served while readiness is down, so that load balancers stop sending them before
 *     they would be refused
 * @param drain {@code MODEL_CACHE_DRAIN_SECONDS} (20): after the grace, how long the requests
 *     already taken (running or queued) have to finish before the process exits anyway
 */
public record StopSettings(Duration grace, Duration drain) {
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
  public static final Duration DEFAULT_DRAIN = Duration.ofSeconds(20);

  public StopSettings {
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must be >= 0: " + grace);
    }
    if (drain.isNegative()) {
      throw new IllegalArgumentException("drain must be >= 0: " + drain);
    }
  }

  /**
   * Reads both settings; a malformed value fails start-up with a message naming it.
   *
   * @param settings a setting's value by its environment variable's name, empty if unset
   */
  public static StopSettings from(Function<String, Optional<String>> settings) {
    return new StopSettings(
        seconds(settings, "MODEL_CACHE_STOP_GRACE_SECONDS", DEFAULT_GRACE),
        seconds(settings, "MODEL_CACHE_DRAIN_SECONDS", DEFAULT_DRAIN));
  }

  private static Duration seconds(
      Function<String, Optional<String>> settings, String name, Duration fallback) {
    String value = settings.apply(name).orElse(null);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    long seconds;
    try {
      seconds = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a whole number of seconds: '" + value + "'", e);
    }
    if (seconds < 0) {
      throw new IllegalArgumentException(name + " must be >= 0: " + seconds);
    }
    return Duration.ofSeconds(seconds);
  }
}
