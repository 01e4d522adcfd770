package dev.modelcache.api;

/**
 * A model does not fit in the memory budget even after evicting every model that may be evicted
 * (pinned and in-use models stay), or every model slot is pinned. Nothing that was loaded is
 * evicted for a model that is refused this way.
 */
public final class InsufficientMemoryException extends ModelCacheException {
  private static final long serialVersionUID = 1L;

  private final transient ModelId model;
  private final long requiredBytes;
  private final long availableBytes;

  /**
   * @param model the model refused
   * @param requiredBytes what the model needs (measured, or estimated before loading)
   * @param availableBytes what the budget could offer after every possible eviction
   * @param hint what an operator can do about it
   */
  public InsufficientMemoryException(
      ModelId model, long requiredBytes, long availableBytes, String hint) {
    super(
        ErrorKind.INSUFFICIENT_MEMORY,
        String.format(
            "model '%s' needs %.1f MB but at most %.1f MB of the budget can be freed; %s",
            model, mb(requiredBytes), mb(availableBytes), hint));
    this.model = model;
    this.requiredBytes = requiredBytes;
    this.availableBytes = availableBytes;
  }

  public ModelId model() {
    return model;
  }

  /** Bytes the model needs. */
  public long requiredBytes() {
    return requiredBytes;
  }

  /** Bytes the budget could offer after every possible eviction. */
  public long availableBytes() {
    return availableBytes;
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
