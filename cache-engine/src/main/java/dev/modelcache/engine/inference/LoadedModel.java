package dev.modelcache.engine.inference;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.model.ModelTask;
import java.util.List;

/**
 * A model in memory, ready to run. Thread-safe: {@link #predict} may run on many threads at once.
 * After {@link #close()} it must not be used; the cache guarantees that through leases, and a model
 * that is used anyway fails loudly rather than touching freed native memory.
 */
public interface LoadedModel extends AutoCloseable {

  ModelId id();

  ModelTask task();

  /**
   * Runs the model on texts.
   *
   * @param texts one or more non-null texts; any number (the model splits them into batches)
   * @return one result per text, in input order
   * @throws IllegalStateException if the model was closed (a bug in the caller)
   */
  List<Inference> predict(List<String> texts);

  /** Bytes of the model's weights on disk: the least its resident footprint can be. */
  long weightBytes();

  /** Whether {@link #close()} has been called. */
  boolean isClosed();

  /** Frees the model's native memory. Idempotent. */
  @Override
  void close();
}
