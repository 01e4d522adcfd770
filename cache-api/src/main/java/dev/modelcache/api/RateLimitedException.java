package dev.modelcache.api;

import java.util.OptionalLong;

/**
 * A caller (an API key, or a client address when authentication is off) has used up its request
 * rate; it should retry after {@link #retryAfterSeconds()}.
 */
public final class RateLimitedException extends ModelCacheException {
  private static final long serialVersionUID = 1L;

  private final long retryAfterSeconds;

  public RateLimitedException(String message, long retryAfterSeconds) {
    super(ErrorKind.RATE_LIMITED, message);
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException("retryAfterSeconds must be >= 1: " + retryAfterSeconds);
    }
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Whole seconds after which the next request will be let through; at least 1. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public OptionalLong retryAfter() {
    return OptionalLong.of(retryAfterSeconds);
  }
}
