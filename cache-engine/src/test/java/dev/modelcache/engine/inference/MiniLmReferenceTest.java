package dev.modelcache.engine.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.Encoding;
import dev.modelcache.engine.model.ModelTask;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * all-MiniLM-L6-v2, unpacked by the build from its Maven artifact, against reference vectors made
 * by a different implementation (a pure-JS tokenizer and onnxruntime-node, see
 * tools/reference/minilm): the same token ids, and embeddings within cosine 0.99999, alone and in
 * padded batches.
 */
class MiniLmReferenceTest {
  private static final String NAME = "sentence-transformers/all-MiniLM-L6-v2";
  private static final double MIN_COSINE = 0.99999;
  private static final Fixtures.Reference REFERENCE =
      Fixtures.reference(Fixtures.root().resolve("reference/minilm-embeddings.json"));
  private static LoadedModel model;

  @BeforeAll
  static void load() {
    model =
        TinyModelReferenceTest.load(
            Fixtures.defaultModels(),
            NAME,
            InferenceOptions.DEFAULTS.withBatchSize(4).withWarmupTokens(16));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void isAFeatureExtractorCappedAtSentenceTransformersMaxLength() {
    assertEquals(ModelTask.FEATURE_EXTRACTION, model.task());
    assertEquals(256, REFERENCE.maxLength());
  }

  @Test
  void tokenIdsMatchTheJavaScriptTokenizer() throws IOException {
    Path tokenizerFile = Fixtures.defaultModels().resolve(NAME).resolve("tokenizer.json");
    try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerFile, REFERENCE.maxLength())) {
      Encoding[] encodings = tokenizer.encode(REFERENCE.texts());
      for (int i = 0; i < encodings.length; i++) {
        assertArrayEquals(
            REFERENCE.cases().get(i).inputIds(),
            encodings[i].getIds(),
            REFERENCE.cases().get(i).text());
      }
    }
  }

  @Test
  void embeddingsMatchAloneAndInPaddedBatches() {
    List<Inference> batched = model.predict(REFERENCE.texts());
    double minAlone = 1;
    double minBatched = 1;
    for (int i = 0; i < REFERENCE.cases().size(); i++) {
      Fixtures.Case expected = REFERENCE.cases().get(i);
      Embedding alone =
          assertInstanceOf(Embedding.class, model.predict(List.of(expected.text())).get(0));
      Embedding inBatch = assertInstanceOf(Embedding.class, batched.get(i));
      assertEquals(384, alone.dimension());
      double cosineAlone = alone.cosine(expected.expected());
      double cosineBatched = inBatch.cosine(expected.expected());
      minAlone = Math.min(minAlone, cosineAlone);
      minBatched = Math.min(minBatched, cosineBatched);
      assertTrue(cosineAlone >= MIN_COSINE, expected.text() + ": cosine alone " + cosineAlone);
      assertTrue(
          cosineBatched >= MIN_COSINE, expected.text() + ": cosine batched " + cosineBatched);
      assertEquals(1.0, alone.cosine(alone.vector()), 1e-6);
    }
    System.out.printf(
        "MiniLM vs the JS reference, %d texts: min cosine alone %.9f, in padded batches %.9f%n",
        REFERENCE.cases().size(), minAlone, minBatched);
  }
}
