package dev.modelcache.engine.inference;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.api.ModelNotFoundException;

/**
 * Turns a model name into a {@link LoadedModel}. The cache calls it with loads serialised, so the
 * resident-set growth across {@link #load} belongs to that one model. Must be thread-safe.
 */
public interface ModelLoader {

  /**
   * What loading the model is expected to cost in resident bytes, before loading it: used to make
   * room ahead of a load and to refuse models that cannot fit without evicting anything.
   *
   * @throws ModelNotFoundException if no source has the model
   */
  long estimateBytes(ModelId id);

  /**
   * Loads the model and runs a warm-up inference at the maximum batch size, so that the memory the
   * model will hold when serving is resident when this returns.
   *
   * @throws ModelNotFoundException if no source has the model
   * @throws ModelLoadException if the files are corrupt or unsupported; nothing is leaked
   */
  LoadedModel load(ModelId id);
}
