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
   * Makes the model's files ready before the cache serialises the load: a source that downloads
   * does it here, so one long download does not hold up the loads of other models. Called once per
   * load, by the thread that will then call {@link #estimateBytes} (maybe) and {@link #load}, with
   * no cache lock held. Does nothing by default.
   *
   * @throws ModelNotFoundException if no source has the model
   * @throws ModelLoadException if its files cannot be fetched
   */
  default void prepare(ModelId id) {}

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

  /**
   * Where the model's files came from, as its source describes itself (for logs and traces), once
   * {@link #load} succeeded; empty if unknown.
   */
  default String sourceOf(ModelId id) {
    return "";
  }
}
