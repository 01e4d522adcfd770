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
 * Encoded texts padded on the right to the longest among them, as the int64 {@code [batch,
 * sequence]} tensors a text model's graph takes ({@link GraphInputs}). Written straight into one
 * direct buffer (a slice per input), which ONNX Runtime reads without a copy. Not thread-safe; one
 * per call.
 */
final class TokenBatch implements AutoCloseable {

  private final int rows;
  private final int columns;
  private final LongBuffer mask;
  private final Map<String, OnnxTensor> tensors = new HashMap<>(8);

  /**
   * @param encodings the texts of this batch, already truncated
   * @param graph the inputs the graph takes and the padding id
   */
  TokenBatch(OrtEnvironment env, List<EncodedText> encodings, GraphInputs graph)
      throws OrtException {
    this.rows = encodings.size();
    int longest = 1;
    for (EncodedText e : encodings) {
      longest = Math.max(longest, e.length());
    }
    this.columns = longest;
    int cells = rows * columns;
    int slices = 2 + (graph.tokenTypes() ? 1 : 0) + (graph.positions() ? 1 : 0);
    // Zeroed by allocateDirect: padding has mask 0 and type 0; its id is the model's padding id.
    ByteBuffer bytes =
        ByteBuffer.allocateDirect(slices * cells * Long.BYTES).order(ByteOrder.nativeOrder());
    LongBuffer ids = slice(bytes, 0, cells);
    this.mask = slice(bytes, 1, cells);
    LongBuffer typeIds = graph.tokenTypes() ? slice(bytes, 2, cells) : null;
    LongBuffer positions = graph.positions() ? slice(bytes, slices - 1, cells) : null;
    long pad = graph.padId();
    for (int r = 0; r < rows; r++) {
      EncodedText e = encodings.get(r);
      long[] rowIds = e.ids();
      int base = r * columns;
      ids.put(base, rowIds);
      for (int c = 0; c < rowIds.length; c++) {
        mask.put(base + c, 1L);
      }
      for (int c = rowIds.length; pad != 0 && c < columns; c++) {
        ids.put(base + c, pad);
      }
      if (typeIds != null) {
        typeIds.put(base, e.typeIds());
      }
      for (int c = 0; positions != null && c < columns; c++) {
        positions.put(base + c, c);
      }
    }
    long[] shape = {rows, columns};
    try {
      tensors.put(GraphInputs.INPUT_IDS, OnnxTensor.createTensor(env, ids, shape));
      tensors.put(GraphInputs.ATTENTION_MASK, OnnxTensor.createTensor(env, mask, shape));
      if (typeIds != null) {
        tensors.put(GraphInputs.TOKEN_TYPE_IDS, OnnxTensor.createTensor(env, typeIds, shape));
      }
      if (positions != null) {
        tensors.put(GraphInputs.POSITION_IDS, OnnxTensor.createTensor(env, positions, shape));
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
