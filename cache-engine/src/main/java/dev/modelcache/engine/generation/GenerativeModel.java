package dev.modelcache.engine.generation;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.inference.EncodedText;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.model.ModelTask;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A text generation model in ONNX Runtime: its tokenizer, an encoder session (encoder-decoders), a
 * decoder graph that starts sequences and, when the key/value cache is used, one that continues
 * them (the same merged graph, or {@code decoder_with_past_model.onnx}). Sequences are run by
 * {@link SequenceRun}s, one per request, each on its caller's thread; the sessions are shared.
 *
 * <p>It answers no {@code /predict}: {@link #encode} and {@link #predict} refuse with a client
 * error, on the request's thread. Thread-safe; after {@link #close()} it must not be used (the
 * cache's leases see to that).
 */
final class GenerativeModel implements LoadedModel {
  static final String LAST_HIDDEN_STATE = "last_hidden_state";

  private final ModelId id;
  private final GenerationConfig config;
  private final GenerationTokenizer tokenizer;
  private final OrtEnvironment env;
  private final OrtSession encoder;
  private final DecoderGraph first;
  private final DecoderGraph step;
  private final int maxPromptTokens;
  private final long weightBytes;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param encoder the encoder session of an encoder-decoder, else null
   * @param first the graph that runs a sequence's first step (and every step without a cache)
   * @param step the graph that runs later steps with the cache, or null to run without one; may be
   *     {@code first} (a merged graph)
   * @param maxPromptTokens the longest prompt accepted, in tokens
   */
  GenerativeModel(
      ModelId id,
      GenerationConfig config,
      GenerationTokenizer tokenizer,
      OrtEnvironment env,
      OrtSession encoder,
      DecoderGraph first,
      DecoderGraph step,
      int maxPromptTokens,
      long weightBytes) {
    this.id = id;
    this.config = config;
    this.tokenizer = tokenizer;
    this.env = env;
    this.encoder = encoder;
    this.first = first;
    this.step = step;
    this.maxPromptTokens = maxPromptTokens;
    this.weightBytes = weightBytes;
  }

  @Override
  public ModelId id() {
    return id;
  }

  @Override
  public ModelTask task() {
    return ModelTask.TEXT_GENERATION;
  }

  GenerationConfig config() {
    return config;
  }

  boolean encoderDecoder() {
    return encoder != null;
  }

  /** Whether sequences use the key/value cache. */
  boolean caches() {
    return step != null;
  }

  OrtSession encoder() {
    return encoder;
  }

  DecoderGraph firstGraph() {
    return first;
  }

  DecoderGraph stepGraph() {
    return step;
  }

  /** The longest prompt accepted, in tokens (special tokens included). */
  int maxPromptTokens() {
    return maxPromptTokens;
  }

  /** A prompt's token ids, special tokens included, not truncated. */
  long[] tokenize(String prompt) {
    checkOpen();
    return tokenizer.encode(prompt);
  }

  /** The text of generated token ids, without special tokens. */
  String detokenize(long[] ids) {
    checkOpen();
    return tokenizer.decode(ids);
  }

  /** A new sequence for a tokenised prompt; the caller closes it. */
  SequenceRun start(long[] promptIds) {
    checkOpen();
    return new SequenceRun(this, env, promptIds, caches());
  }

  @Override
  public List<Inference> predict(List<String> texts) {
    throw notForPredict();
  }

  @Override
  public List<EncodedText> encode(List<String> texts) {
    throw notForPredict();
  }

  private InvalidInputException notForPredict() {
    return new InvalidInputException(
        "model '" + id + "' generates text: send it to POST /generate, not /predict");
  }

  @Override
  public long weightBytes() {
    return weightBytes;
  }

  @Override
  public boolean isClosed() {
    return closed.get();
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("model '" + id + "' was used after it was closed");
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      if (step != null && step != first) {
        step.close();
      }
      first.close();
      if (encoder != null) {
        encoder.close();
      }
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the encoder of '" + id + "'", e);
    } finally {
      tokenizer.close();
    }
  }

  @Override
  public String toString() {
    return "GenerativeModel["
        + id
        + ", "
        + (encoderDecoder() ? "encoder-decoder" : "decoder-only")
        + ", "
        + first
        + (step != null && step != first ? " + " + step : "")
        + (caches() ? "" : ", no cache")
        + "]";
  }
}
