package dev.modelcache.api;

/** A text, a batch or a request body is larger than the configured limit. */
public final class InputTooLargeException extends ModelCacheException {
  private static final long serialVersionUID = 1L;

  public InputTooLargeException(String message) {
    super(ErrorKind.INPUT_TOO_LARGE, message);
  }
}
