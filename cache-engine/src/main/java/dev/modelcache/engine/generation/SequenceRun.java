package dev.modelcache.engine.generation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One sequence being generated: its tokens, the encoder's output (encoder-decoders) and the
 * key/value cache between steps. Each {@link #next} runs the decoder once and returns the logits
 * for the next token; {@link #append} adds the token chosen.
 *
 * <p>With the cache, the first step runs the prompt (decoder-only) or the decoder start token
 * (encoder-decoder) through a graph that can start a sequence, and each later step runs only the
 * newest token through the graph with past, feeding it the {@code present.*} outputs of the step
 * before as {@code past_key_values.*}. The outputs are used where ONNX Runtime put them: a step's
 * result stays open until the next step has run; the result of the first step of an encoder-decoder
 * stays open to the end, as it holds the cross-attention pairs every step reads. Without the cache
 * every step runs the whole sequence, with a zero-length past where the graph takes one.
 *
 * <p>Not thread-safe: one request's thread drives it. Close it to free its native tensors.
 */
final class SequenceRun implements AutoCloseable {
  private final GenerativeModel model;
  private final OrtEnvironment env;
  private final boolean useCache;
  private final long[] prompt;
  private long[] tokens;
  private int length;
  private int cached;
  private final Map<String, OnnxTensor> past = new HashMap<>();
  private OrtSession.Result encoded;
  private OnnxTensor encoderMask;
  private OrtSession.Result pinned;
  private OrtSession.Result latest;

  SequenceRun(GenerativeModel model, OrtEnvironment env, long[] prompt, boolean useCache) {
    this.model = model;
    this.env = env;
    this.prompt = prompt.clone();
    this.useCache = useCache;
    if (model.encoderDecoder()) {
      this.tokens = new long[] {model.config().decoderStartTokenId().getAsLong()};
    } else {
      this.tokens = prompt.clone();
    }
    this.length = tokens.length;
  }

  /** Decoder tokens so far: the prompt (decoder-only) or the start token, then those generated. */
  int length() {
    return length;
  }

  /**
   * Runs the decoder on what it has not seen and returns the logits of the next token, one per
   * vocabulary entry. The array is the caller's.
   */
  float[] next() {
    try {
      if (model.encoderDecoder() && encoded == null) {
        encode();
      }
      boolean withPast = useCache && cached > 0;
      DecoderGraph graph = withPast ? model.stepGraph() : model.firstGraph();
      int from = withPast ? cached : 0;
      List<OnnxTensor> created = new ArrayList<>(4);
      OrtSession.Result result;
      try {
        result = graph.session.run(feeds(graph, from, withPast, created));
      } finally {
        created.forEach(OnnxTensor::close);
      }
      float[] logits;
      try {
        logits = lastRow((OnnxTensor) result.get(DecoderGraph.LOGITS).orElseThrow());
      } catch (RuntimeException e) {
        result.close();
        throw e;
      }
      if (useCache) {
        keep(result);
        cached = length;
      } else {
        result.close();
      }
      return logits;
    } catch (OrtException e) {
      throw new IllegalStateException(
          "ONNX Runtime failed on model '" + model.id() + "': " + e.getMessage(), e);
    }
  }

  /** Adds the token chosen from the last {@link #next}. */
  void append(long token) {
    if (length == tokens.length) {
      tokens = Arrays.copyOf(tokens, Math.max(8, tokens.length * 2));
    }
    tokens[length++] = token;
  }

  private void encode() throws OrtException {
    OrtSession encoder = model.encoder();
    List<OnnxTensor> created = new ArrayList<>(2);
    try {
      OnnxTensor ids = longs(prompt, 0, prompt.length, created);
      encoderMask = ones(prompt.length, null);
      Map<String, OnnxTensor> feeds = new HashMap<>();
      feeds.put(DecoderGraph.INPUT_IDS, ids);
      if (encoder.getInputNames().contains(DecoderGraph.ATTENTION_MASK)) {
        feeds.put(DecoderGraph.ATTENTION_MASK, encoderMask);
      }
      encoded = encoder.run(feeds, java.util.Set.of(GenerativeModel.LAST_HIDDEN_STATE));
    } finally {
      created.forEach(OnnxTensor::close);
    }
  }

  private Map<String, OnnxTensor> feeds(
      DecoderGraph graph, int from, boolean withPast, List<OnnxTensor> created)
      throws OrtException {
    Map<String, OnnxTensor> feeds = new HashMap<>();
    for (String input : graph.inputs) {
      OnnxTensor value =
          switch (input) {
            case DecoderGraph.INPUT_IDS -> longs(tokens, from, length, created);
            case DecoderGraph.ATTENTION_MASK -> ones(length, created);
            case DecoderGraph.POSITION_IDS -> positions(from, length, created);
            case DecoderGraph.ENCODER_HIDDEN_STATES ->
                (OnnxTensor) encoded.get(GenerativeModel.LAST_HIDDEN_STATE).orElseThrow();
            case DecoderGraph.ENCODER_ATTENTION_MASK -> encoderMask;
            case DecoderGraph.USE_CACHE_BRANCH -> flag(withPast, created);
            default -> withPast ? cachedPast(input) : graph.emptyPast(input);
          };
      feeds.put(input, value);
    }
    return feeds;
  }

  private OnnxTensor cachedPast(String name) {
    OnnxTensor value = past.get(name);
    if (value == null) {
      throw new IllegalStateException(
          "model '" + model.id() + "': no " + name + " from the previous step");
    }
    return value;
  }

  /**
   * Takes the step's presents as the next step's past; a cross-attention pair is taken once, from
   * the first step, and the result holding it stays open.
   */
  private void keep(OrtSession.Result result) {
    boolean holdsCrossAttention = false;
    for (Map.Entry<String, OnnxValue> output : result) {
      String name = output.getKey();
      if (!name.startsWith(DecoderGraph.PRESENT)) {
        continue;
      }
      String pastName = DecoderGraph.PAST + name.substring(DecoderGraph.PRESENT.length());
      if (DecoderGraph.isCrossAttention(pastName)) {
        if (past.containsKey(pastName)) {
          continue;
        }
        holdsCrossAttention = true;
      }
      past.put(pastName, (OnnxTensor) output.getValue());
    }
    if (latest != null && latest != pinned) {
      latest.close();
    }
    latest = result;
    if (holdsCrossAttention) {
      pinned = result;
    }
  }

  private float[] lastRow(OnnxTensor logits) {
    long[] shape = logits.getInfo().getShape();
    int rows = (int) shape[1];
    int vocabulary = (int) shape[2];
    float[] row = new float[vocabulary];
    FloatBuffer values = logits.getFloatBuffer();
    values.get((rows - 1) * vocabulary, row);
    return row;
  }

  private OnnxTensor longs(long[] values, int from, int to, List<OnnxTensor> created)
      throws OrtException {
    OnnxTensor tensor =
        OnnxTensor.createTensor(
            env, LongBuffer.wrap(values, from, to - from).slice(), new long[] {1, to - from});
    created.add(tensor);
    return tensor;
  }

  /** A {@code [1, n]} mask of ones; owned by {@code created}, or by the caller if that is null. */
  private OnnxTensor ones(int n, List<OnnxTensor> created) throws OrtException {
    long[] mask = new long[n];
    Arrays.fill(mask, 1L);
    OnnxTensor tensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), new long[] {1, n});
    if (created != null) {
      created.add(tensor);
    }
    return tensor;
  }

  private OnnxTensor positions(int from, int to, List<OnnxTensor> created) throws OrtException {
    long[] positions = new long[to - from];
    Arrays.setAll(positions, i -> from + i);
    OnnxTensor tensor =
        OnnxTensor.createTensor(env, LongBuffer.wrap(positions), new long[] {1, to - from});
    created.add(tensor);
    return tensor;
  }

  private OnnxTensor flag(boolean value, List<OnnxTensor> created) throws OrtException {
    OnnxTensor tensor = OnnxTensor.createTensor(env, new boolean[] {value});
    created.add(tensor);
    return tensor;
  }

  @Override
  public void close() {
    if (latest != null && latest != pinned) {
      latest.close();
    }
    if (pinned != null) {
      pinned.close();
    }
    if (encoded != null) {
      encoded.close();
    }
    if (encoderMask != null) {
      encoderMask.close();
    }
    past.clear();
  }
}
