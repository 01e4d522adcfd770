package dev.modelcache.api;

/**
 * A model exists but could not be loaded: a corrupt or truncated file, a tokenizer that does not
 * parse, inputs the engine cannot produce. A failed load is never cached.
 */
public final class ModelLoadException extends ModelCacheException {
  private static final long serialVersionUID = 1L;

  private final transient ModelId model;

  public ModelLoadException(ModelId model, String reason, Throwable cause) {
    super(
        ErrorKind.MODEL_LOAD_FAILED, "model '" + model + "' could not be loaded: " + reason, cause);
    this.model = model;
  }

  public ModelLoadException(ModelId model, String reason) {
    this(model, reason, null);
  }

  /** The model that failed to load. */
  public ModelId model() {
    return model;
  }
}
