package dev.modelcache.engine.inference;

/**
 * How models are run.
 *
 * @param maxSequenceLength tokens per text after truncation ({@code MAX_SEQUENCE_LENGTH}, default
 *     512); a model's own {@code max_position_embeddings} caps it further
 * @param batchSize texts per ONNX Runtime call ({@code BATCH_SIZE}, default 32); also the batch of
 *     the warm-up run whose memory is charged to the model
 * @param warmupTokens tokens per text in the warm-up run (default 128, capped by the model)
 * @param intraOpThreads threads of ONNX Runtime's one global intra-op pool, shared by every session
 *     ({@code INFERENCE_THREADS}); 0 = one per available core. Only the first loader of the process
 *     sets it (see {@link OrtRuntime})
 */
public record InferenceOptions(
    int maxSequenceLength, int batchSize, int warmupTokens, int intraOpThreads) {

  /** The defaults: 512 tokens, batch 32, warm-up at 128 tokens, one intra-op thread per core. */
  public static final InferenceOptions DEFAULTS = new InferenceOptions(512, 32, 128, 0);

  public InferenceOptions {
    if (maxSequenceLength < 8) {
      throw new IllegalArgumentException("maxSequenceLength must be >= 8: " + maxSequenceLength);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1: " + batchSize);
    }
    if (warmupTokens < 2) {
      throw new IllegalArgumentException("warmupTokens must be >= 2: " + warmupTokens);
    }
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0: " + intraOpThreads);
    }
  }

  public InferenceOptions withMaxSequenceLength(int value) {
    return new InferenceOptions(value, batchSize, warmupTokens, intraOpThreads);
  }

  public InferenceOptions withBatchSize(int value) {
    return new InferenceOptions(maxSequenceLength, value, warmupTokens, intraOpThreads);
  }

  public InferenceOptions withWarmupTokens(int value) {
    return new InferenceOptions(maxSequenceLength, batchSize, value, intraOpThreads);
  }

  public InferenceOptions withIntraOpThreads(int value) {
    return new InferenceOptions(maxSequenceLength, batchSize, warmupTokens, value);
  }
}
