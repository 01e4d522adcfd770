package dev.modelcache.engine.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ai.djl.huggingface.tokenizers.Encoding;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.model.LocalDirectorySource;
import dev.modelcache.engine.model.ModelSource;
import dev.modelcache.engine.model.ModelTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ONNX Runtime, behind our tokenizer and decoding, reproduces the PyTorch module each fixture was
 * exported from: same token ids as the script's WordPiece, logits (or pooled embeddings) within
 * 1e-4, for each text alone and inside padded batches.
 */
class TinyModelReferenceTest {
  private static final float TOLERANCE = 1e-4f;

  static List<Arguments> models() {
    return List.of(
        Arguments.of(Fixtures.tinyModels(), "tiny-a"),
        Arguments.of(Fixtures.tinyModels(), "tiny-b"),
        Arguments.of(Fixtures.tinyModels(), "tiny-c"),
        Arguments.of(Fixtures.tinyModels(), "tiny-d"),
        Arguments.of(Fixtures.tinyModels(), "tiny-e"),
        Arguments.of(Fixtures.tinyModels(), "tiny-embed"),
        Arguments.of(Fixtures.defaultModels(), "spam-detector"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("models")
  void tokenIdsMatchTheReferenceTokenizer(Path root, String name) throws IOException {
    Fixtures.Reference reference = Fixtures.reference(root.resolve(name).resolve("reference.json"));
    try (TextTokenizer tokenizer =
        TextTokenizer.load(root.resolve(name).resolve("tokenizer.json"), reference.maxLength())) {
      Encoding[] encodings = tokenizer.encode(reference.texts());
      for (int i = 0; i < encodings.length; i++) {
        assertArrayEquals(
            reference.cases().get(i).inputIds(),
            encodings[i].getIds(),
            "token ids of " + reference.cases().get(i).text());
      }
    }
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("models")
  void outputsMatchTheTorchReferenceAloneAndInPaddedBatches(Path root, String name) {
    Fixtures.Reference reference = Fixtures.reference(root.resolve(name).resolve("reference.json"));
    double worst = 0;
    for (int batchSize : new int[] {1, 3, reference.cases().size()}) {
      InferenceOptions options =
          InferenceOptions.DEFAULTS
              .withMaxSequenceLength(reference.maxLength())
              .withBatchSize(batchSize)
              .withWarmupTokens(16);
      try (LoadedModel model = load(root, name, options)) {
        List<Inference> results = model.predict(reference.texts());
        for (int i = 0; i < results.size(); i++) {
          Fixtures.Case expected = reference.cases().get(i);
          float[] actual = raw(model.task(), results.get(i));
          for (int j = 0; j < actual.length; j++) {
            worst = Math.max(worst, Math.abs(actual[j] - expected.expected()[j]));
          }
          assertArrayEquals(
              expected.expected(),
              actual,
              TOLERANCE,
              name + " batch " + batchSize + ": " + expected.text());
        }
      }
    }
    System.out.printf(
        "%s: max |ONNX Runtime - torch| over %d texts alone and in padded batches of 3 and %d: %.2e%n",
        name, reference.cases().size(), reference.cases().size(), worst);
  }

  static LoadedModel load(Path root, String name, InferenceOptions options) {
    ModelSource source = new LocalDirectorySource(root);
    return new OnnxModelLoader(source, options).load(ModelId.of(name));
  }

  private static float[] raw(ModelTask task, Inference result) {
    if (task == ModelTask.SEQUENCE_CLASSIFICATION) {
      Classification c = assertInstanceOf(Classification.class, result);
      assertEquals(c.scores().size(), c.logits().length);
      return c.logits();
    }
    return assertInstanceOf(Embedding.class, result).vector();
  }
}
