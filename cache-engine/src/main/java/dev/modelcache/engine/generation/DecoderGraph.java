package dev.modelcache.engine.generation;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One decoder graph of a generation model, checked at load: its inputs are ones this engine feeds
 * ({@link #KNOWN}, {@code past_key_values.*}), {@code input_ids} is int64, the cache and the logits
 * are float32, and every {@code past_key_values.X} has a {@code present.X} output to come from
 * (except an encoder-decoder's cross-attention pairs, which the first step gives and later steps
 * only read). Holds a zero-length past per cache input, shape {@code [1, heads, 0, head_dim]}, for
 * steps without a cache. Immutable apart from its native session; thread-safe.
 */
final class DecoderGraph implements AutoCloseable {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String POSITION_IDS = "position_ids";
  static final String ENCODER_HIDDEN_STATES = "encoder_hidden_states";
  static final String ENCODER_ATTENTION_MASK = "encoder_attention_mask";
  static final String USE_CACHE_BRANCH = "use_cache_branch";
  static final String PAST = "past_key_values.";
  static final String PRESENT = "present.";
  static final String LOGITS = "logits";

  private static final Set<String> KNOWN =
      Set.of(
          INPUT_IDS,
          ATTENTION_MASK,
          POSITION_IDS,
          ENCODER_HIDDEN_STATES,
          ENCODER_ATTENTION_MASK,
          USE_CACHE_BRANCH);

  final String file;
  final OrtSession session;
  final Set<String> inputs;
  final List<String> pastInputs;
  final boolean merged;
  private final Map<String, OnnxTensor> emptyPast = new HashMap<>();

  /**
   * @param file the graph's file name, for messages
   * @throws IllegalArgumentException saying what the graph needs that this engine cannot give
   */
  DecoderGraph(String file, OrtSession session, OrtEnvironment env) throws OrtException {
    this.file = file;
    this.session = session;
    this.inputs = new TreeSet<>(session.getInputNames());
    Set<String> outputs = session.getOutputNames();
    for (String input : inputs) {
      if (!KNOWN.contains(input) && !input.startsWith(PAST)) {
        throw new IllegalArgumentException(
            file + " needs input '" + input + "', which this engine does not produce");
      }
    }
    if (!inputs.contains(INPUT_IDS) || !outputs.contains(LOGITS)) {
      throw new IllegalArgumentException(
          file + " must take input_ids and output logits; it takes " + inputs);
    }
    Map<String, NodeInfo> inputInfo = session.getInputInfo();
    requireType(inputInfo.get(INPUT_IDS), OnnxJavaType.INT64);
    requireType(session.getOutputInfo().get(LOGITS), OnnxJavaType.FLOAT);
    this.pastInputs = inputs.stream().filter(n -> n.startsWith(PAST)).toList();
    this.merged = inputs.contains(USE_CACHE_BRANCH);
    try {
      for (String past : pastInputs) {
        String present = PRESENT + past.substring(PAST.length());
        if (!outputs.contains(present) && !isCrossAttention(past)) {
          throw new IllegalArgumentException(
              file + " takes " + past + " but outputs no " + present + " to fill it");
        }
        emptyPast.put(past, empty(env, inputInfo.get(past)));
      }
    } catch (OrtException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Whether the graph takes a key/value cache. */
  boolean takesPast() {
    return !pastInputs.isEmpty();
  }

  /**
   * Whether the graph can run a sequence's first step: it needs no cache (a plain decoder), or
   * takes a zero-length one, and an encoder-decoder's graph also takes the encoder's output.
   */
  boolean canStart(boolean encoderDecoder) {
    return !encoderDecoder || inputs.contains(ENCODER_HIDDEN_STATES);
  }

  /** A zero-length past for {@code name}, owned by this graph. */
  OnnxTensor emptyPast(String name) {
    return emptyPast.get(name);
  }

  /** An encoder-decoder's cross-attention pair ({@code ...N.encoder.key}): fixed after step one. */
  static boolean isCrossAttention(String name) {
    return name.contains(".encoder.");
  }

  private static OnnxTensor empty(OrtEnvironment env, NodeInfo info) throws OrtException {
    requireType(info, OnnxJavaType.FLOAT);
    long[] shape = ((TensorInfo) info.getInfo()).getShape().clone();
    if (shape.length != 4 || shape[1] < 1 || shape[3] < 1) {
      throw new IllegalArgumentException(
          info.getName()
              + " must be [batch, heads, length, head_dim] with fixed heads and head_dim; the"
              + " graph declares "
              + java.util.Arrays.toString(shape));
    }
    shape[0] = 1;
    shape[2] = 0;
    return OnnxTensor.createTensor(env, FloatBuffer.allocate(0), shape);
  }

  private static void requireType(NodeInfo info, OnnxJavaType type) {
    if (!(info.getInfo() instanceof TensorInfo t) || t.type != type) {
      throw new IllegalArgumentException(
          info.getName()
              + " must be a "
              + type.name().toLowerCase(java.util.Locale.ROOT)
              + " tensor; the graph declares "
              + info.getInfo()
              + (type == OnnxJavaType.FLOAT
                  ? " (float16 generation graphs are not supported)"
                  : ""));
    }
  }

  @Override
  public void close() {
    emptyPast.values().forEach(OnnxTensor::close);
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the session of " + file, e);
    }
  }

  @Override
  public String toString() {
    return file + (merged ? " (merged)" : takesPast() ? " (with past)" : "");
  }
}
