package dev.modelcache.api;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The root of every error the cache reports on purpose. Anything else escaping the engine is a bug.
 * Each subclass fixes its {@link ErrorKind}, so the service maps it to HTTP in one place.
 */
public abstract class ModelCacheException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorKind kind;

  protected ModelCacheException(ErrorKind kind, String message) {
    this(kind, message, null);
  }

  protected ModelCacheException(ErrorKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /** The kind of failure; never null. */
  public ErrorKind kind() {
    return kind;
  }

  /**
   * Whole seconds after which a retry is reasonable, for errors that say so (the HTTP {@code
   * Retry-After} header); empty for the rest. At least 1 when present.
   */
  public OptionalLong retryAfter() {
    return OptionalLong.empty();
  }
}
