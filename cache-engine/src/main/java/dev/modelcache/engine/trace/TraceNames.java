package dev.modelcache.engine.trace;

/** The names of the engine's steps and their attributes, as every tracing system shows them. */
public final class TraceNames {
  private TraceNames() {}

  /** The load of the model that the request waited for (its own, or one under way). */
  public static final String MODEL_LOAD = "model.load";

  /** Tokenising the request's texts, on its own thread. */
  public static final String TOKENIZE = "tokenize";

  /** From joining the model's batching queue until a runner took the request's first text. */
  public static final String QUEUE_WAIT = "queue.wait";

  /** One ONNX Runtime run holding texts of this request, maybe of others too. */
  public static final String INFERENCE_RUN = "inference.run";

  public static final String MODEL_NAME = "model.name";

  /** Bytes the cache charges for the loaded model. */
  public static final String MODEL_SIZE_BYTES = "model.size_bytes";

  /** {@code measured}, {@code estimated} or {@code weights}: how the size was known. */
  public static final String MODEL_SIZE_METHOD = "model.size_method";

  /** Where the model's files came from, as the source describes itself. */
  public static final String MODEL_SOURCE = "model.source";

  /** The load itself, in milliseconds, without the wait for other loads. */
  public static final String MODEL_LOAD_MS = "model.load_ms";

  /** Texts of this request (in the step). */
  public static final String TEXTS = "request.texts";

  /** Tokens of the texts, padding excluded. */
  public static final String TOKENS = "tokens";

  /** Texts in the run, over every request it serves. */
  public static final String BATCH_SIZE = "batch.size";

  /** Token slots of the run: texts times the longest text, padding included. */
  public static final String PADDED_TOKENS = "batch.padded_tokens";

  /** Requests the run serves. */
  public static final String BATCH_REQUESTS = "batch.requests";
}
