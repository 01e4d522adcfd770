package dev.modelcache.api;

import java.util.List;

/** No configured model source has the requested model. Says which models do exist. */
public final class ModelNotFoundException extends ModelCacheException {
  private static final long serialVersionUID = 1L;
  private static final int LISTED = 20;

  private final transient ModelId model;
  private final List<String> available;

  /**
   * @param model the model asked for
   * @param available names of the models that could be served, in any order; copied
   */
  public ModelNotFoundException(ModelId model, List<String> available) {
    this(model, available, "was not found; available models: ");
  }

  private ModelNotFoundException(ModelId model, List<String> listed, String what) {
    super(ErrorKind.MODEL_NOT_FOUND, message(model, listed, what));
    this.model = model;
    this.available = List.copyOf(listed);
  }

  /** A model that exists but is not loaded, asked for where only loaded models count. */
  public static ModelNotFoundException notLoaded(ModelId model, List<String> loaded) {
    return new ModelNotFoundException(model, loaded, "is not loaded; loaded models: ");
  }

  /** The model asked for. */
  public ModelId model() {
    return model;
  }

  /** The models listed in the message (those that exist, or those loaded); never null. */
  public List<String> available() {
    return available;
  }

  private static String message(ModelId model, List<String> available, String what) {
    String listed =
        available.size() <= LISTED
            ? String.join(", ", available)
            : String.join(", ", available.subList(0, LISTED))
                + " and "
                + (available.size() - LISTED)
                + " more";
    return "model '" + model + "' " + what + (available.isEmpty() ? "none" : listed);
  }
}
