package dev.modelcache.api;

/** A known API key asked for an endpoint its roles do not cover. */
public final class ForbiddenException extends ModelCacheException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message) {
    super(ErrorKind.FORBIDDEN, message);
  }
}
