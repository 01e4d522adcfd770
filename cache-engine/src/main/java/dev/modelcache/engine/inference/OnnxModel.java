package dev.modelcache.engine.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.model.ModelConfig;
import dev.modelcache.engine.model.ModelTask;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A Hugging Face text model in ONNX Runtime: tokenizer, session, and the decoding of its output.
 *
 * <p>{@link #predict} tokenises all texts, orders them by token count and runs them in batches of
 * at most {@code batchSize}, each padded only to its own longest text, then returns results in
 * input order. Sorting keeps padding waste low: padding a short text to a long neighbour costs as
 * much as running the long text again. {@link #encode} and {@link #run} are the two halves of that,
 * for callers that batch across requests.
 *
 * <p>Thread-safe: ONNX Runtime sessions and the tokenizer allow concurrent calls.
 */
final class OnnxModel implements LoadedModel {
  private final ModelId id;
  private final ModelTask task;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final TextTokenizer tokenizer;
  private final List<String> inputNames;
  private final String outputName;
  private final Set<String> outputNames;
  private final ModelConfig config;
  private final int batchSize;
  private final long weightBytes;
  private final boolean dynamicallyQuantized;
  private final AtomicBoolean closed = new AtomicBoolean();

  OnnxModel(
      ModelId id,
      ModelTask task,
      OrtEnvironment env,
      OrtSession session,
      TextTokenizer tokenizer,
      String outputName,
      ModelConfig config,
      int batchSize,
      long weightBytes,
      boolean dynamicallyQuantized) {
    this.id = id;
    this.task = task;
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.inputNames = List.copyOf(session.getInputNames());
    this.outputName = outputName;
    this.outputNames = Set.of(outputName);
    this.config = config;
    this.batchSize = batchSize;
    this.weightBytes = weightBytes;
    this.dynamicallyQuantized = dynamicallyQuantized;
  }

  @Override
  public ModelId id() {
    return id;
  }

  @Override
  public ModelTask task() {
    return task;
  }

  @Override
  public long weightBytes() {
    return weightBytes;
  }

  @Override
  public boolean dynamicallyQuantized() {
    return dynamicallyQuantized;
  }

  @Override
  public List<Inference> predict(List<String> texts) {
    checkOpen();
    if (texts.isEmpty()) {
      return List.of();
    }
    List<EncodedText> encodings = encode(texts);
    Integer[] order = new Integer[encodings.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingInt(i -> encodings.get(i).length()));

    Inference[] results = new Inference[encodings.size()];
    for (int start = 0; start < order.length; start += batchSize) {
      int end = Math.min(order.length, start + batchSize);
      List<EncodedText> chunk = new ArrayList<>(end - start);
      for (int k = start; k < end; k++) {
        chunk.add(encodings.get(order[k]));
      }
      List<Inference> decoded = run(chunk);
      for (int k = start; k < end; k++) {
        results[order[k]] = decoded.get(k - start);
      }
    }
    return Arrays.asList(results);
  }

  @Override
  public List<EncodedText> encode(List<String> texts) {
    checkOpen();
    Encoding[] encodings = tokenizer.encode(texts);
    List<EncodedText> out = new ArrayList<>(encodings.length);
    for (int i = 0; i < encodings.length; i++) {
      out.add(EncodedText.of(texts.get(i), encodings[i].getIds(), encodings[i].getTypeIds()));
    }
    return out;
  }

  @Override
  public List<Inference> run(List<EncodedText> batch) {
    checkOpen();
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one text");
    }
    try (TokenBatch tensors = new TokenBatch(env, batch, inputNames);
        OrtSession.Result result = session.run(tensors.inputs(), outputNames)) {
      OnnxTensor output = (OnnxTensor) result.get(0);
      long[] shape = output.getInfo().getShape();
      FloatBuffer values = output.getFloatBuffer();
      return switch (task) {
        case SEQUENCE_CLASSIFICATION -> classify(values, shape);
        case FEATURE_EXTRACTION ->
            shape.length == 3
                ? Pooling.meanPooled(values, shape, tensors.mask())
                : Pooling.normalised(values, shape);
        case TEXT_GENERATION ->
            throw new IllegalStateException("'" + id + "' is not a generation model");
      };
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed on model '" + id + "': " + e.getMessage(), e);
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new IllegalStateException("model '" + id + "' was used after it was closed");
    }
  }

  private List<Inference> classify(FloatBuffer logits, long[] shape) {
    int rows = (int) shape[0];
    int classes = (int) shape[1];
    List<Inference> out = new ArrayList<>(rows);
    float[] row = new float[classes];
    for (int r = 0; r < rows; r++) {
      logits.get(r * classes, row);
      out.add(Classification.fromLogits(row, config::label));
    }
    return out;
  }

  ModelConfig config() {
    return config;
  }

  @Override
  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        session.close();
      } catch (OrtException e) {
        throw new IllegalStateException("cannot close the session of '" + id + "'", e);
      } finally {
        tokenizer.close();
      }
    }
  }

  @Override
  public String toString() {
    return "OnnxModel[" + id + ", " + task + ", output " + outputName + "]";
  }
}
