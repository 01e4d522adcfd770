package dev.modelcache.engine.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Tells whether an ONNX graph quantizes activations at run time, by looking for the operator names
 * that dynamic quantization leaves in the file: {@code DynamicQuantizeLinear} (and ONNX Runtime's
 * fused {@code DynamicQuantizeMatMul}, {@code DynamicQuantizeLSTM}), {@code MatMulInteger} (and
 * {@code MatMulIntegerToFloat}), {@code ConvInteger}.
 *
 * <p>A byte scan, not a protobuf parse: operator types are stored as plain ASCII strings in each
 * node, and ONNX Runtime's Java API does not list a session's operators. A weight tensor that
 * happens to contain one of these 13-to-15-byte names would be a false positive, which only costs
 * cross-request batching for that model. Statically quantized graphs ({@code QLinearMatMul}, fixed
 * scales) are batch-invariant and not flagged. Reads the file in 1 MiB chunks through a heap
 * buffer, so the scan leaves nothing resident. Stateless.
 */
final class QuantizationScan {
  private static final List<byte[]> MARKERS =
      List.of(ascii("DynamicQuantize"), ascii("MatMulInteger"), ascii("ConvInteger"));
  private static final int CHUNK = 1 << 20;

  private QuantizationScan() {}

  /** Whether the graph file names an operator of dynamic quantization. */
  static boolean isDynamicallyQuantized(Path onnx) throws IOException {
    int overlap = MARKERS.stream().mapToInt(m -> m.length).max().orElse(1) - 1;
    byte[] buffer = new byte[CHUNK + overlap];
    int carried = 0;
    try (InputStream in = Files.newInputStream(onnx)) {
      while (true) {
        int read = in.readNBytes(buffer, carried, CHUNK);
        int filled = carried + read;
        if (contains(buffer, filled)) {
          return true;
        }
        if (read < CHUNK) {
          return false;
        }
        carried = Math.min(overlap, filled);
        System.arraycopy(buffer, filled - carried, buffer, 0, carried);
      }
    }
  }

  private static boolean contains(byte[] buffer, int length) {
    for (int i = 0; i < length; i++) {
      byte b = buffer[i];
      if (b != 'D' && b != 'M' && b != 'C') {
        continue;
      }
      for (byte[] marker : MARKERS) {
        if (marker[0] == b && matches(buffer, length, i, marker)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean matches(byte[] buffer, int length, int at, byte[] marker) {
    if (at + marker.length > length) {
      return false;
    }
    for (int k = 1; k < marker.length; k++) {
      if (buffer[at + k] != marker[k]) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
