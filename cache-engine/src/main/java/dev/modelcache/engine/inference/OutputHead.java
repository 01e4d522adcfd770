package dev.modelcache.engine.inference;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.inference.Classification.LabelNames;
import dev.modelcache.engine.model.ModelConfig;
import dev.modelcache.engine.model.ModelFiles;
import dev.modelcache.engine.model.PoolingConfig;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which output of a graph is read, and how it becomes one result per text. Immutable and
 * thread-safe.
 */
sealed interface OutputHead {

  /**
   * The head for a model: a classifier if the config names one (or, without architectures, the
   * graph outputs {@code logits}); else an embedding model's, from the graph's finished {@code
   * sentence_embedding} if it has one, or its token vectors pooled as {@code modules.json} and the
   * Pooling config say.
   *
   * @throws ModelLoadException if no output fits, or the sentence-transformers files ask for steps
   *     this engine does not run
   */
  static OutputHead choose(
      ModelId id, ModelConfig config, Collection<String> outputs, ModelFiles files) {
    if (config.isSequenceClassifier()
        || (config.architectures().isEmpty() && outputs.contains("logits"))) {
      if (!outputs.contains("logits")) {
        throw new ModelLoadException(
            id, "a sequence classifier must output 'logits'; it outputs " + outputs);
      }
      return new Classifier("logits", config::label, config.multiLabel());
    }
    if (outputs.contains("sentence_embedding")) {
      return new SentenceEmbedding("sentence_embedding");
    }
    String output =
        outputs.contains("last_hidden_state")
            ? "last_hidden_state"
            : outputs.contains("token_embeddings") ? "token_embeddings" : null;
    if (output == null) {
      throw new ModelLoadException(
          id,
          "no output this engine understands (logits, sentence_embedding, last_hidden_state): "
              + outputs);
    }
    PoolingConfig pooling;
    try {
      pooling = PoolingConfig.read(files.directory());
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException(
          id, "sentence-transformers files: " + OnnxModelLoader.withoutPaths(e, files), e);
    }
    if (!pooling.unsupportedSteps().isEmpty()) {
      throw new ModelLoadException(
          id,
          "modules.json has steps this engine does not run: "
              + String.join(", ", pooling.unsupportedSteps())
              + "; export the model with them in the graph (optimum-cli export onnx --library"
              + " sentence_transformers), whose sentence_embedding output is used as it is");
    }
    return new TokenPooling(output, pooling);
  }

  /** The graph output this head reads. */
  String output();

  /**
   * Results of one batch.
   *
   * @param values the output, row-major
   * @param shape its shape; the first dimension is the batch
   * @param mask the batch's attention mask, row-major {@code [rows, columns]}
   */
  List<Inference> decode(FloatBuffer values, long[] shape, LongBuffer mask);

  /** {@code logits [batch, labels]}: softmax over the labels, or a sigmoid each if multi-label. */
  record Classifier(String output, LabelNames labels, boolean multiLabel) implements OutputHead {
    @Override
    public List<Inference> decode(FloatBuffer logits, long[] shape, LongBuffer mask) {
      int rows = (int) shape[0];
      int classes = (int) shape[1];
      List<Inference> out = new ArrayList<>(rows);
      for (int r = 0; r < rows; r++) {
        float[] row = new float[classes];
        logits.get(r * classes, row);
        out.add(
            multiLabel
                ? Classification.fromMultiLabelLogits(row, labels)
                : Classification.fromLogits(row, labels));
      }
      return out;
    }
  }

  /** Token vectors {@code [batch, sequence, dim]} pooled as the model folder says. */
  record TokenPooling(String output, PoolingConfig pooling) implements OutputHead {
    @Override
    public List<Inference> decode(FloatBuffer hidden, long[] shape, LongBuffer mask) {
      return Pooling.pooled(hidden, shape, mask, pooling);
    }
  }

  /** {@code sentence_embedding [batch, dim]}: finished by the graph, taken as it is. */
  record SentenceEmbedding(String output) implements OutputHead {
    @Override
    public List<Inference> decode(FloatBuffer pooled, long[] shape, LongBuffer mask) {
      return Pooling.asPooled(pooled, shape);
    }
  }
}
