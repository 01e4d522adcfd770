package dev.modelcache.api;

/** A model name that is not a valid {@link ModelId}; it never reaches the file system. */
public final class InvalidModelNameException extends InvalidInputException {
  private static final long serialVersionUID = 1L;

  public InvalidModelNameException(String name, String reason) {
    super("invalid model name " + ModelId.quote(name) + ": " + reason);
  }
}
