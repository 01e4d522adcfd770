package dev.modelcache.engine.batching;

import dev.modelcache.engine.inference.Inference;
import java.util.List;

/**
 * The answer to one prediction request.
 *
 * @param results one per text, in input order
 * @param modelWasLoaded whether the model was already loaded when the request arrived (the seed's
 *     {@code cached})
 * @param fromResponseCache per text, whether its result came from the response cache
 * @param nanos time from the request's arrival to its answer, model load included
 */
public record Prediction(
    List<Inference> results, boolean modelWasLoaded, List<Boolean> fromResponseCache, long nanos) {

  public Prediction {
    results = List.copyOf(results);
    fromResponseCache = List.copyOf(fromResponseCache);
  }

  /** Texts answered from the response cache. */
  public int responseCacheHits() {
    return (int) fromResponseCache.stream().filter(Boolean::booleanValue).count();
  }
}
