package dev.modelcache.engine.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.model.ModelConfig;
import dev.modelcache.engine.model.ModelTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * <p>A classifier that reads each text's last eos token (BART) gets wrong rows from a batch whose
 * texts hold different numbers of eos tokens (a single text and a premise-hypothesis pair, say):
 * {@link #run} runs such texts in separate calls.
 *
 * <p>Thread-safe: ONNX Runtime sessions and the tokenizer allow concurrent calls.
 */
final class OnnxModel implements LoadedModel {
  private final ModelId id;
  private final ModelTask task;
  private final OrtEnvironment env;
  private final OrtSession session;
  private final TextTokenizer tokenizer;
  private final GraphInputs inputs;
  private final OutputHead head;
  private final Set<String> outputNames;
  private final ModelConfig config;
  private final int batchSize;
  private final long weightBytes;
  private final boolean dynamicallyQuantized;
  private final String identity;
  private final AtomicBoolean closed = new AtomicBoolean();

  OnnxModel(
      ModelId id,
      ModelTask task,
      OrtEnvironment env,
      OrtSession session,
      TextTokenizer tokenizer,
      GraphInputs inputs,
      OutputHead head,
      ModelConfig config,
      int batchSize,
      long weightBytes,
      boolean dynamicallyQuantized,
      String identity) {
    this.id = id;
    this.task = task;
    this.env = env;
    this.session = session;
    this.tokenizer = tokenizer;
    this.inputs = inputs;
    this.head = head;
    this.outputNames = Set.of(head.output());
    this.config = config;
    this.batchSize = batchSize;
    this.weightBytes = weightBytes;
    this.dynamicallyQuantized = dynamicallyQuantized;
    this.identity = identity;
  }

  @Override
  public String identity() {
    return identity;
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
    return wrap(texts, tokenizer.encode(texts));
  }

  @Override
  public List<EncodedText> encodePairs(List<TextPair> pairs) {
    checkOpen();
    return wrap(pairs.stream().map(TextPair::text).toList(), tokenizer.encodePairs(pairs));
  }

  private static List<EncodedText> wrap(List<String> texts, Encoding[] encodings) {
    List<EncodedText> out = new ArrayList<>(encodings.length);
    for (int i = 0; i < encodings.length; i++) {
      out.add(EncodedText.of(texts.get(i), encodings[i].getIds(), encodings[i].getTypeIds()));
    }
    return out;
  }

  @Override
  public List<String> labels() {
    return config.labels();
  }

  @Override
  public List<Inference> run(List<EncodedText> batch) {
    checkOpen();
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one text");
    }
    if (config.classifiesAtEos() && config.eosTokenId().isPresent()) {
      Map<Integer, List<Integer>> byEosCount = new TreeMap<>();
      long eos = config.eosTokenId().getAsInt();
      for (int i = 0; i < batch.size(); i++) {
        byEosCount.computeIfAbsent(count(batch.get(i).ids(), eos), k -> new ArrayList<>()).add(i);
      }
      if (byEosCount.size() > 1) {
        Inference[] results = new Inference[batch.size()];
        for (List<Integer> rows : byEosCount.values()) {
          List<Inference> part = runOnce(rows.stream().map(batch::get).toList());
          for (int k = 0; k < rows.size(); k++) {
            results[rows.get(k)] = part.get(k);
          }
        }
        return Arrays.asList(results);
      }
    }
    return runOnce(batch);
  }

  private static int count(long[] ids, long id) {
    int n = 0;
    for (long x : ids) {
      n += x == id ? 1 : 0;
    }
    return n;
  }

  /** One call of the runtime on the batch, padded to its longest text. */
  private List<Inference> runOnce(List<EncodedText> batch) {
    try (TokenBatch tensors = new TokenBatch(env, batch, inputs);
        OrtSession.Result result = session.run(tensors.inputs(), outputNames)) {
      OnnxTensor output = (OnnxTensor) result.get(0);
      return head.decode(output.getFloatBuffer(), output.getInfo().getShape(), tensors.mask());
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
    return "OnnxModel[" + id + ", " + task + ", output " + head.output() + "]";
  }
}
