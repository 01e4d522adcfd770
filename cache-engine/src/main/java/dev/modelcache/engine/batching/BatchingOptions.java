package dev.modelcache.engine.batching;

import java.time.Duration;
import java.util.Objects;

/**
 * How requests are queued and batched. Immutable.
 *
 * @param batchSize most texts in one batch ({@code BATCH_SIZE}, default 32), {@code >= 1}
 * @param maxDelay how long a batch smaller than {@code batchSize} may wait for more texts ({@code
 *     BATCH_DELAY_MS}, default 0: a model that is idle runs a request at once, and requests that
 *     arrive meanwhile form the next batch)
 * @param maxQueueTexts most texts waiting for one model ({@code MAX_QUEUE_TEXTS}); a request that
 *     would pass it fails at once with an overload error. A request always fits an empty queue
 * @param runners batches run at once, over all models ({@code INFERENCE_RUNNERS}), {@code >= 1}
 * @param timeout the longest a request may take, model load included ({@code INFERENCE_TIMEOUT},
 *     default 30 s)
 * @param quantized which dynamically quantized models may share batches ({@code BATCH_QUANTIZED})
 */
public record BatchingOptions(
    int batchSize,
    Duration maxDelay,
    int maxQueueTexts,
    int runners,
    Duration timeout,
    QuantizedBatching quantized) {

  public BatchingOptions {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (maxDelay.isNegative()) {
      throw new IllegalArgumentException("maxDelay must be >= 0: " + maxDelay);
    }
    if (maxQueueTexts < 1) {
      throw new IllegalArgumentException("maxQueueTexts must be >= 1: " + maxQueueTexts);
    }
    if (runners < 1) {
      throw new IllegalArgumentException("runners must be >= 1: " + runners);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0: " + timeout);
    }
    Objects.requireNonNull(quantized, "quantized");
  }

  /**
   * The defaults for an ONNX Runtime pool of {@code intraOpThreads}: batches of 32, no delay, as
   * many runners as pools of that size fit the cores ({@link #runnersFor}), a queue of 4 full
   * batches per runner and model, 30 s timeout, quantized models not shared.
   */
  public static BatchingOptions defaults(int intraOpThreads) {
    int runners = runnersFor(intraOpThreads);
    return new BatchingOptions(
        32,
        Duration.ZERO,
        4 * 32 * runners,
        runners,
        Duration.ofSeconds(30),
        QuantizedBatching.none());
  }

  /**
   * Concurrent runs that keep the cores busy without oversubscribing them: available cores divided
   * by the intra-op threads each run uses (0 = one per core, so one runner), at least 1.
   */
  public static int runnersFor(int intraOpThreads) {
    int cores = Runtime.getRuntime().availableProcessors();
    return Math.max(1, cores / (intraOpThreads > 0 ? intraOpThreads : cores));
  }

  public BatchingOptions withBatchSize(int value) {
    return new BatchingOptions(value, maxDelay, maxQueueTexts, runners, timeout, quantized);
  }

  public BatchingOptions withMaxDelay(Duration value) {
    return new BatchingOptions(batchSize, value, maxQueueTexts, runners, timeout, quantized);
  }

  public BatchingOptions withMaxQueueTexts(int value) {
    return new BatchingOptions(batchSize, maxDelay, value, runners, timeout, quantized);
  }

  public BatchingOptions withRunners(int value) {
    return new BatchingOptions(batchSize, maxDelay, maxQueueTexts, value, timeout, quantized);
  }

  public BatchingOptions withTimeout(Duration value) {
    return new BatchingOptions(batchSize, maxDelay, maxQueueTexts, runners, value, quantized);
  }

  public BatchingOptions withQuantized(QuantizedBatching value) {
    return new BatchingOptions(batchSize, maxDelay, maxQueueTexts, runners, timeout, value);
  }
}
