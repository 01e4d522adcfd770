package dev.modelcache.engine.batching;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Inference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The prediction path: lease the model (loading it if needed), answer the texts the response cache
 * knows, batch the rest with other requests, remember their results. The request's deadline ({@code
 * INFERENCE_TIMEOUT}) starts when it arrives. Thread-safe; owns neither the cache nor the batcher.
 */
public final class Predictor {
  private final ModelCache cache;
  private final Batcher batcher;
  private final ResponseCache responses;
  private final Ticker ticker;
  private final long timeoutNanos;

  public Predictor(ModelCache cache, Batcher batcher, ResponseCache responses, Ticker ticker) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.batcher = Objects.requireNonNull(batcher, "batcher");
    this.responses = Objects.requireNonNull(responses, "responses");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.timeoutNanos = batcher.options().timeout().toNanos();
  }

  /**
   * Runs texts through a model.
   *
   * @param texts at least one non-blank text
   * @throws dev.modelcache.api.ModelCacheException typed failures: not found, load failed, no
   *     memory, overloaded, timeout
   */
  public Prediction predict(ModelId model, List<String> texts) {
    long start = ticker.read();
    long deadline = start + timeoutNanos;
    ModelLease lease = cache.acquire(model);
    boolean handedOver = false;
    try {
      long generation = lease.generation();
      String identity = lease.identity();
      int n = texts.size();
      Inference[] results = new Inference[n];
      Boolean[] fromCache = new Boolean[n];
      List<String> missing = new ArrayList<>(n);
      int[] missingAt = new int[n];
      for (int i = 0; i < n; i++) {
        Inference known = responses.get(model, generation, identity, texts.get(i));
        fromCache[i] = known != null;
        if (known != null) {
          results[i] = known;
        } else {
          missingAt[missing.size()] = i;
          missing.add(texts.get(i));
        }
      }
      if (!missing.isEmpty()) {
        handedOver = true;
        List<Inference> computed = batcher.submit(lease, missing, deadline);
        for (int k = 0; k < computed.size(); k++) {
          results[missingAt[k]] = computed.get(k);
          responses.put(model, generation, identity, missing.get(k), computed.get(k));
        }
      }
      return new Prediction(
          Arrays.asList(results),
          lease.wasCached(),
          Arrays.asList(fromCache),
          ticker.read() - start);
    } finally {
      if (!handedOver) {
        lease.close();
      }
    }
  }

  /** The batcher's counters. */
  public BatcherStats batching() {
    return batcher.stats();
  }

  /** The response cache's counters. */
  public ResponseCacheStats responseCache() {
    return responses.stats();
  }
}
