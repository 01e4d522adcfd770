package dev.modelcache.engine.inference;

import dev.modelcache.engine.model.PoolingConfig;
import dev.modelcache.engine.model.PoolingConfig.Mode;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns encoder outputs into sentence embeddings as sentence-transformers' {@code Pooling} and
 * {@code Normalize} steps do, over the tokens the attention mask marks (padding never counts).
 * Several modes are concatenated in {@link Mode}'s order. Sums are taken in double precision.
 * Stateless.
 */
final class Pooling {
  private Pooling() {}

  /**
   * Pools each row of token vectors.
   *
   * @param hidden {@code last_hidden_state}, row-major {@code [rows, columns, dim]}
   * @param shape its shape
   * @param mask the attention mask, row-major {@code [rows, columns]}; a row's tokens come first
   *     (right padding)
   */
  static List<Inference> pooled(
      FloatBuffer hidden, long[] shape, LongBuffer mask, PoolingConfig config) {
    int rows = (int) shape[0];
    int columns = (int) shape[1];
    int dim = (int) shape[2];
    List<Mode> modes = config.modes();
    List<Inference> out = new ArrayList<>(rows);
    double[] acc = new double[dim];
    for (int r = 0; r < rows; r++) {
      int tokens = 0;
      for (int c = 0; c < columns; c++) {
        tokens += mask.get(r * columns + c) == 0 ? 0 : 1;
      }
      tokens = Math.max(tokens, 1);
      float[] vector = new float[dim * modes.size()];
      for (int m = 0; m < modes.size(); m++) {
        pool(modes.get(m), hidden, r, columns, dim, tokens, acc);
        for (int d = 0; d < dim; d++) {
          vector[m * dim + d] = (float) acc[d];
        }
      }
      out.add(new Embedding(config.normalize() ? normalise(vector) : vector));
    }
    return out;
  }

  /** One mode over the first {@code tokens} positions of row {@code r}, into {@code acc}. */
  private static void pool(
      Mode mode, FloatBuffer hidden, int r, int columns, int dim, int tokens, double[] acc) {
    int rowBase = r * columns * dim;
    switch (mode) {
      case CLS -> copy(hidden, rowBase, dim, acc);
      case LAST_TOKEN -> copy(hidden, rowBase + (tokens - 1) * dim, dim, acc);
      case MAX -> {
        Arrays.fill(acc, Double.NEGATIVE_INFINITY);
        for (int c = 0; c < tokens; c++) {
          for (int d = 0; d < dim; d++) {
            acc[d] = Math.max(acc[d], hidden.get(rowBase + c * dim + d));
          }
        }
      }
      case MEAN, MEAN_SQRT_LEN, WEIGHTED_MEAN -> {
        Arrays.fill(acc, 0);
        double weights = 0;
        for (int c = 0; c < tokens; c++) {
          double weight = mode == Mode.WEIGHTED_MEAN ? c + 1 : 1;
          weights += weight;
          for (int d = 0; d < dim; d++) {
            acc[d] += weight * hidden.get(rowBase + c * dim + d);
          }
        }
        double divisor = mode == Mode.MEAN_SQRT_LEN ? Math.sqrt(tokens) : weights;
        for (int d = 0; d < dim; d++) {
          acc[d] /= divisor;
        }
      }
    }
  }

  private static void copy(FloatBuffer hidden, int base, int dim, double[] acc) {
    for (int d = 0; d < dim; d++) {
      acc[d] = hidden.get(base + d);
    }
  }

  /**
   * Vectors the graph already pooled ({@code sentence_embedding}), row-major {@code [rows, dim]},
   * as they are: the graph holds the model's own pooling and normalisation.
   */
  static List<Inference> asPooled(FloatBuffer pooled, long[] shape) {
    int rows = (int) shape[0];
    int dim = (int) shape[1];
    List<Inference> out = new ArrayList<>(rows);
    for (int r = 0; r < rows; r++) {
      float[] vector = new float[dim];
      pooled.get(r * dim, vector);
      out.add(new Embedding(vector));
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
