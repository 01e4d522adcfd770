package dev.modelcache.api;

import java.util.OptionalLong;

/** Too much work is already queued; the client should retry after {@link #retryAfterSeconds()}. */
public final class OverloadedException extends ModelCacheException {
  private static final long serialVersionUID = 1L;

  private final int retryAfterSeconds;

  public OverloadedException(String message, int retryAfterSeconds) {
    super(ErrorKind.OVERLOADED, message);
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException("retryAfterSeconds must be >= 1: " + retryAfterSeconds);
    }
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds after which a retry is reasonable; at least 1. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  @Override
  public OptionalLong retryAfter() {
    return OptionalLong.of(retryAfterSeconds);
  }
}
