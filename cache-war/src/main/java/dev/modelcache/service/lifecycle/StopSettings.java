package dev.modelcache.service.lifecycle;

import java.time.Duration;
import org.eclipse.microprofile.config.Config;

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

  /** Reads both settings; a malformed value fails start-up with a message naming it. */
  public static StopSettings from(Config config) {
    return new StopSettings(
        seconds(config, "MODEL_CACHE_STOP_GRACE_SECONDS", DEFAULT_GRACE),
        seconds(config, "MODEL_CACHE_DRAIN_SECONDS", DEFAULT_DRAIN));
  }

  private static Duration seconds(Config config, String name, Duration fallback) {
    String value = config.getOptionalValue(name, String.class).orElse(null);
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
