package dev.modelcache.engine.inference;

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
 * BERT-style graph takes. Written straight into one direct buffer (three slices), which ONNX
 * Runtime reads without a copy. Not thread-safe; one per call.
 */
final class TokenBatch implements AutoCloseable {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";

  private final int rows;
  private final int columns;
  private final LongBuffer mask;
  private final Map<String, OnnxTensor> tensors = new HashMap<>(4);

  /**
   * @param encodings the texts of this batch, already truncated
   * @param inputNames the graph's inputs; {@code token_type_ids} is produced only if listed
   */
  TokenBatch(OrtEnvironment env, List<EncodedText> encodings, List<String> inputNames)
      throws OrtException {
    this.rows = encodings.size();
    int longest = 1;
    for (EncodedText e : encodings) {
      longest = Math.max(longest, e.length());
    }
    this.columns = longest;
    int cells = rows * columns;
    boolean types = inputNames.contains(TOKEN_TYPE_IDS);
    // Zeroed by allocateDirect: padding is id 0, mask 0, type 0.
    ByteBuffer bytes =
        ByteBuffer.allocateDirect((types ? 3 : 2) * cells * Long.BYTES)
            .order(ByteOrder.nativeOrder());
    LongBuffer ids = slice(bytes, 0, cells);
    this.mask = slice(bytes, 1, cells);
    LongBuffer typeIds = types ? slice(bytes, 2, cells) : null;
    for (int r = 0; r < rows; r++) {
      EncodedText e = encodings.get(r);
      long[] rowIds = e.ids();
      int base = r * columns;
      ids.put(base, rowIds);
      for (int c = 0; c < rowIds.length; c++) {
        mask.put(base + c, 1L);
      }
      if (typeIds != null) {
        typeIds.put(base, e.typeIds());
      }
    }
    long[] shape = {rows, columns};
    try {
      tensors.put(INPUT_IDS, OnnxTensor.createTensor(env, ids, shape));
      tensors.put(ATTENTION_MASK, OnnxTensor.createTensor(env, mask, shape));
      if (typeIds != null) {
        tensors.put(TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, typeIds, shape));
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
  LongBuffer mask() {
    return mask;
  }

  @Override
  public void close() {
    tensors.values().forEach(OnnxTensor::close);
  }

  private static LongBuffer slice(ByteBuffer bytes, int index, int longs) {
    int width = longs * Long.BYTES;
    return bytes.slice(index * width, width).order(ByteOrder.nativeOrder()).asLongBuffer();
  }
}
