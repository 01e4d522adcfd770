package dev.modelcache.engine.inference;

/**
 * An embedding model's vector for one text: L2-normalised (so a dot product is a cosine) when the
 * model asks for it, as a sentence-transformers {@code Normalize} step does, and for plain encoders
 * by default ({@link dev.modelcache.engine.model.PoolingConfig}).
 *
 * @param vector the components; the array is owned by this record and must not be modified
 */
public record Embedding(float[] vector) implements Inference {

  /** Dimension of the vector. */
  public int dimension() {
    return vector.length;
  }

  /** Cosine similarity with another vector of the same dimension. */
  public double cosine(float[] other) {
    double dot = 0;
    double a = 0;
    double b = 0;
    for (int i = 0; i < vector.length; i++) {
      dot += (double) vector[i] * other[i];
      a += (double) vector[i] * vector[i];
      b += (double) other[i] * other[i];
    }
    return dot / Math.sqrt(a * b);
  }
}
