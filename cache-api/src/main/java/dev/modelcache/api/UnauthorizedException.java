package dev.modelcache.api;

/**
 * A request that needs an API key came without one, or with a key the service does not know. The
 * message says which, never the key that was sent.
 */
public final class UnauthorizedException extends ModelCacheException {
  private static final long serialVersionUID = 1L;

  public UnauthorizedException(String message) {
    super(ErrorKind.UNAUTHORIZED, message);
  }
}
