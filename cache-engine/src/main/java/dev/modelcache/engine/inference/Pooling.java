package dev.modelcache.engine.inference;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;

/** Turns encoder outputs into sentence embeddings. Stateless. */
final class Pooling {
  private Pooling() {}

  /**
   * Mean of the token vectors where the attention mask is 1, then L2 normalisation: what
   * sentence-transformers does for MiniLM-style models.
   *
   * @param hidden {@code last_hidden_state}, row-major {@code [rows, columns, dim]}
   * @param mask the attention mask, row-major {@code [rows, columns]}
   */
  static List<Inference> meanPooled(FloatBuffer hidden, long[] shape, LongBuffer mask) {
    int rows = (int) shape[0];
    int columns = (int) shape[1];
    int dim = (int) shape[2];
    List<Inference> out = new ArrayList<>(rows);
    double[] sum = new double[dim];
    for (int r = 0; r < rows; r++) {
      java.util.Arrays.fill(sum, 0);
      int tokens = 0;
      for (int c = 0; c < columns; c++) {
        if (mask.get(r * columns + c) == 0) {
          continue;
        }
        tokens++;
        int base = (r * columns + c) * dim;
        for (int d = 0; d < dim; d++) {
          sum[d] += hidden.get(base + d);
        }
      }
      float[] vector = new float[dim];
      for (int d = 0; d < dim; d++) {
        vector[d] = (float) (sum[d] / Math.max(tokens, 1));
      }
      out.add(new Embedding(normalise(vector)));
    }
    return out;
  }

  /** L2 normalisation of already pooled vectors, row-major {@code [rows, dim]}. */
  static List<Inference> normalised(FloatBuffer pooled, long[] shape) {
    int rows = (int) shape[0];
    int dim = (int) shape[1];
    List<Inference> out = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      float[] vector = new float[dim];
      pooled.get(r * dim, vector);
      out.add(new Embedding(normalise(vector)));
    }
    return out;
  }

  private static float[] normalise(float[] vector) {
    double norm = 0;
    for (float v : vector) {
      norm += (double) v * v;
    }
    norm = Math.max(Math.sqrt(norm), 1e-12);
    for (int i = 0; i < vector.length; i++) {
      vector[i] = (float) (vector[i] / norm);
    }
    return vector;
  }
}
