package dev.modelcache.api;

import java.util.OptionalLong;

/**
 * The service is stopping and refuses new requests; the requests it had accepted still finish. The
 * client should retry after {@link #retryAfter()}, which reaches another instance behind a load
 * balancer.
 */
public final class ShuttingDownException extends ModelCacheException {
  private static final long serialVersionUID = 1L;

  private final long retryAfterSeconds;

  public ShuttingDownException(String message, long retryAfterSeconds) {
    super(ErrorKind.SHUTTING_DOWN, message);
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException("retryAfterSeconds must be >= 1: " + retryAfterSeconds);
    }
    this.retryAfterSeconds = retryAfterSeconds;
  }

  @Override
  public OptionalLong retryAfter() {
    return OptionalLong.of(retryAfterSeconds);
  }
}
