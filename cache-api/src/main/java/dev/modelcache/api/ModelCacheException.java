package dev.modelcache.api;

import java.util.Objects;

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
}
