package dev.modelcache.engine.batching;

import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.TextPair;
import dev.modelcache.engine.inference.ZeroShotQuery;
import dev.modelcache.engine.inference.ZeroShotResult;
import dev.modelcache.engine.model.ModelTask;
import dev.modelcache.engine.trace.RequestTrace;
import dev.modelcache.engine.trace.Step;
import dev.modelcache.engine.trace.TraceNames;
import dev.modelcache.engine.trace.Tracing;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The prediction path: lease the model (loading it if needed), answer the texts the response cache
 * knows, batch the rest with other requests, remember their results. The request's deadline ({@code
 * INFERENCE_TIMEOUT}) starts when it arrives. Each request opens a {@link RequestTrace} from the
 * {@link Tracing} (the model load it waited for is recorded here, the rest by the {@link Batcher}).
 * Thread-safe; owns neither the cache nor the batcher.
 */
public final class Predictor {
  private final ModelCache cache;
  private final Batcher batcher;
  private final ResponseCache responses;
  private final Ticker ticker;
  private final long timeoutNanos;
  private final Tracing tracing;

  /** A predictor that traces nothing. */
  public Predictor(ModelCache cache, Batcher batcher, ResponseCache responses, Ticker ticker) {
    this(cache, batcher, responses, ticker, Tracing.off());
  }

  public Predictor(
      ModelCache cache, Batcher batcher, ResponseCache responses, Ticker ticker, Tracing tracing) {
    this.tracing = Objects.requireNonNull(tracing, "tracing");
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
    RequestTrace trace = tracing.begin();
    ModelLease lease = lease(model, trace, start);
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
        List<Inference> computed = batcher.submit(lease, missing, deadline, trace);
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

  /**
   * Classifies a text against candidate labels with a natural-language-inference model: one
   * premise-hypothesis pair per label, all submitted as one request to the batcher (so they run
   * together, and with other requests' texts), scored as {@link ZeroShotResult} says. Answers are
   * not kept in the response cache.
   *
   * @throws InvalidInputException if the model is not a classifier with an entailment label, or a
   *     hypothesis leaves no room for the text
   * @throws dev.modelcache.api.ModelCacheException the typed failures of {@link #predict}
   */
  public ZeroShotPrediction zeroShot(ModelId model, ZeroShotQuery query) {
    long start = ticker.read();
    long deadline = start + timeoutNanos;
    RequestTrace trace = tracing.begin();
    ModelLease lease = lease(model, trace, start);
    boolean handedOver = false;
    try {
      int entailment = ZeroShotResult.entailmentIndex(lease.labels());
      if (lease.task() != ModelTask.SEQUENCE_CLASSIFICATION || entailment < 0) {
        throw new InvalidInputException(
            "model '"
                + model
                + "' cannot classify zero-shot: that needs a natural-language-inference classifier"
                + " with an 'entailment' label"
                + (lease.labels().isEmpty() ? "" : "; its labels are " + lease.labels()));
      }
      List<TextPair> pairs = query.pairs();
      handedOver = true;
      List<Inference> results = batcher.submitPairs(lease, pairs, deadline, trace);
      List<float[]> logits = results.stream().map(r -> ((Classification) r).logits()).toList();
      return new ZeroShotPrediction(
          ZeroShotResult.score(query, logits, entailment),
          pairs.size(),
          lease.wasCached(),
          ticker.read() - start);
    } finally {
      if (!handedOver) {
        lease.close();
      }
    }
  }

  /**
   * Leases the model; a traced request that had to wait for a load gets a {@link
   * TraceNames#MODEL_LOAD} step from its arrival, with the model's size and source, or the failure.
   */
  private ModelLease lease(ModelId model, RequestTrace trace, long start) {
    if (!trace.isOn()) {
      return cache.acquire(model);
    }
    ModelLease lease;
    try {
      lease = cache.acquire(model);
    } catch (RuntimeException e) {
      trace
          .startedBefore(TraceNames.MODEL_LOAD, ticker.read() - start)
          .set(TraceNames.MODEL_NAME, model.toString())
          .fail(e);
      throw e;
    }
    if (!lease.wasCached()) {
      Step load = trace.startedBefore(TraceNames.MODEL_LOAD, ticker.read() - start);
      load.set(TraceNames.MODEL_NAME, model.toString())
          .set(TraceNames.MODEL_SIZE_BYTES, lease.chargedBytes())
          .set(TraceNames.MODEL_SIZE_METHOD, lease.sizeMethod())
          .set(TraceNames.MODEL_SOURCE, lease.source())
          .set(TraceNames.MODEL_LOAD_MS, lease.loadNanos() / 1_000_000)
          .end();
    }
    return lease;
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
