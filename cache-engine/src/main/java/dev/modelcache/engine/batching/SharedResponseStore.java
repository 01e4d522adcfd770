package dev.modelcache.engine.batching;

import dev.modelcache.engine.inference.Inference;

/**
 * A second level behind the {@link ResponseCache} that other processes share (the service puts one
 * in its Data Grid). Keys name the model, the identity of its files and a digest of the text, so an
 * entry is never found for another version of the model. Implementations must be thread-safe,
 * bounded, and must not throw: a store that cannot answer answers null.
 */
public interface SharedResponseStore {

  /** The result stored under {@code key}, or null. */
  Inference get(String key);

  /** Stores a result under {@code key}. */
  void put(String key, Inference result);
}
