package dev.modelcache.engine.inference;

import dev.modelcache.engine.model.ModelFiles;

/**
 * A kind of model that {@link OnnxModelLoader} hands to another loader: one that is not a
 * classifier or an embedding model (text generation, {@code engine.generation}), recognised from
 * its files. Such a model comes from the same sources, passes the same integrity check and lives in
 * the same cache; only how it is estimated and loaded differs. Implementations must be thread-safe.
 */
public interface ModelKind {

  /**
   * Whether the model in {@code files} is of this kind; cheap (file names, {@code config.json}).
   */
  boolean recognises(ModelFiles files);

  /** What loading it is expected to cost in resident bytes (see {@link ModelLoader}). */
  long estimateBytes(ModelFiles files);

  /**
   * Loads the model, already checked against its manifest, and warms it up.
   *
   * @throws dev.modelcache.api.ModelLoadException if its files are corrupt or unsupported; nothing
   *     is leaked
   */
  LoadedModel load(ModelFiles files);
}
