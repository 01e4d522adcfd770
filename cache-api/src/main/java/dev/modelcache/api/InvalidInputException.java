package dev.modelcache.api;

/** The request cannot be served as written: an empty text, a bad field, a bad model name. */
public class InvalidInputException extends ModelCacheException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(ErrorKind.INVALID_INPUT, message);
  }
}
