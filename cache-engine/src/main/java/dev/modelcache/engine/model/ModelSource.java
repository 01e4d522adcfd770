package dev.modelcache.engine.model;

import dev.modelcache.api.ModelId;
import java.util.List;
import java.util.Optional;

/**
 * Somewhere models come from: a local folder now, the Hugging Face Hub or an MLflow registry later.
 * Implementations must be thread-safe; {@link #locate} may block while it fetches.
 */
public interface ModelSource {

  /**
   * Finds a model's files, fetching them first if this source downloads.
   *
   * @return the files, or empty if this source does not have the model
   */
  Optional<ModelFiles> locate(ModelId id);

  /** The models this source can serve without being asked for a name; may be empty. */
  List<ModelId> available();

  /** A short description for logs and errors, e.g. {@code local:/srv/models}. */
  String describe();

  /**
   * The description of the source that located {@code id} last, for logs and traces; this source's
   * own {@link #describe()} unless it combines several.
   */
  default String describe(ModelId id) {
    return describe();
  }

  /** A source that tries each of {@code sources} in order. */
  static ModelSource chain(List<ModelSource> sources) {
    return new ChainedModelSource(sources);
  }
}
