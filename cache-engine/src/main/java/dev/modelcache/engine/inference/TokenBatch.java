package dev.modelcache.engine.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encoded texts padded to the longest among them, as the int64 {@code [batch, sequence]} tensors a
 * BERT-style graph takes. Written straight into direct buffers, which ONNX Runtime reads without a
 * copy. Not thread-safe; one per call.
 */
final class TokenBatch implements AutoCloseable {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";

  private final int rows;
  private final int columns;
  private final long[] mask;
  private final Map<String, OnnxTensor> tensors = new HashMap<>();

  /**
   * @param encodings the texts of this batch, already truncated
   * @param inputNames the graph's inputs; {@code token_type_ids} is produced only if listed
   */
  TokenBatch(OrtEnvironment env, List<Encoding> encodings, List<String> inputNames)
      throws OrtException {
    this.rows = encodings.size();
    int longest = 1;
    for (Encoding e : encodings) {
      longest = Math.max(longest, e.getIds().length);
    }
    this.columns = longest;
    long[] shape = {rows, columns};
    LongBuffer ids = direct(rows * columns);
    LongBuffer types = direct(rows * columns);
    this.mask = new long[rows * columns];
    for (int r = 0; r < rows; r++) {
      Encoding e = encodings.get(r);
      long[] rowIds = e.getIds();
      long[] rowTypes = e.getTypeIds();
      for (int c = 0; c < rowIds.length; c++) {
        ids.put(r * columns + c, rowIds[c]);
        types.put(r * columns + c, rowTypes[c]);
        mask[r * columns + c] = 1;
      }
    }
    LongBuffer maskBuffer = direct(rows * columns).put(mask);
    maskBuffer.rewind();
    try {
      tensors.put(INPUT_IDS, OnnxTensor.createTensor(env, ids, shape));
      tensors.put(ATTENTION_MASK, OnnxTensor.createTensor(env, maskBuffer, shape));
      if (inputNames.contains(TOKEN_TYPE_IDS)) {
        tensors.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, types, shape));
      }
    } catch (OrtException | RuntimeException e) {
      close();
      throw e;
    }
  }

  Map<String, OnnxTensor> inputs() {
    return tensors;
  }

  int rows() {
    return rows;
  }

  int columns() {
    return columns;
  }

  /** The attention mask, row-major {@code [rows, columns]}: 1 for a token, 0 for padding. */
  long[] mask() {
    return mask;
  }

  @Override
  public void close() {
    tensors.values().forEach(OnnxTensor::close);
  }

  private static LongBuffer direct(int longs) {
    return ByteBuffer.allocateDirect(longs * Long.BYTES)
        .order(ByteOrder.nativeOrder())
        .asLongBuffer();
  }
}
