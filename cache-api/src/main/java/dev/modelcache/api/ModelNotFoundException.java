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
    super(ErrorKind.MODEL_NOT_FOUND, message(model, available));
    this.model = model;
    this.available = List.copyOf(available);
  }

  /** The model asked for. */
  public ModelId model() {
    return model;
  }

  /** The models that could be served instead; never null. */
  public List<String> available() {
    return available;
  }

  private static String message(ModelId model, List<String> available) {
    String listed =
        available.size() <= LISTED
            ? String.join(", ", available)
            : String.join(", ", available.subList(0, LISTED))
                + " and "
                + (available.size() - LISTED)
                + " more";
    return "model '"
        + model
        + "' was not found; available models: "
        + (available.isEmpty() ? "none" : listed);
  }
}
