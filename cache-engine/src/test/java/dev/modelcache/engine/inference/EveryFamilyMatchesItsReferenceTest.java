package dev.modelcache.engine.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.model.LocalDirectorySource;
import dev.modelcache.engine.model.ModelTask;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model family the engine runs besides generation (BERT multi-label, DistilBERT, RoBERTa,
 * DeBERTa-v3, GPT-2, BART, and BERT, RoBERTa, T5 and GPT-2 embedding models), each a tiny random
 * model exported as Optimum exports it: the engine's token ids (Rust tokenizers through DJL) equal
 * those of the JavaScript implementation, truncation included, and its outputs those of the torch
 * module the graph was exported from, within 1e-4 for logits and cosine 0.99999 for embeddings,
 * alone and in padded batches. NLI models also answer zero-shot queries as the pipeline does.
 * Prints one row per family of the reference-comparison table in {@code docs/models.md}.
 */
class EveryFamilyMatchesItsReferenceTest {
  private static final float LOGIT_TOLERANCE = 1e-4f;
  private static final double MIN_COSINE = 0.99999;

  static List<String> families() {
    return FamilyReference.names();
  }

  static List<String> nliFamilies() {
    return families().stream().filter(n -> !FamilyReference.read(n).zeroShot().isEmpty()).toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void idsAndOutputsMatchTheReferenceAloneAndInPaddedBatches(String name) {
    FamilyReference reference = FamilyReference.read(name);
    List<String> texts = reference.texts();
    int idsEqual = 0;
    double worstDiff = 0;
    double worstCosine = 1;
    for (int batchSize : new int[] {1, 3, texts.size()}) {
      try (LoadedModel model = load(name, InferenceOptions.DEFAULTS.withBatchSize(batchSize))) {
        if (batchSize == 1) {
          List<EncodedText> encoded = model.encode(texts);
          for (int i = 0; i < texts.size(); i++) {
            FamilyReference.Case expected = reference.cases().get(i);
            assertArrayEquals(
                expected.inputIds(), encoded.get(i).ids(), name + " ids of " + texts.get(i));
            assertArrayEquals(
                expected.typeIds(), encoded.get(i).typeIds(), name + " types of " + texts.get(i));
            idsEqual++;
          }
        }
        List<Inference> results = model.predict(texts);
        for (int i = 0; i < texts.size(); i++) {
          FamilyReference.Case expected = reference.cases().get(i);
          String what = name + " batch " + batchSize + ": " + expected.text();
          if (expected.logits() != null) {
            Classification c = assertInstanceOf(Classification.class, results.get(i), what);
            assertArrayEquals(expected.logits(), c.logits(), LOGIT_TOLERANCE, what);
            worstDiff = Math.max(worstDiff, maxDiff(expected.logits(), c.logits()));
            assertEquals(expected.label(), c.label(), what);
            assertEquals(expected.scores() != null, c.multiLabel(), what);
            if (expected.scores() != null) {
              float[] scores = new float[c.scores().size()];
              int k = 0;
              for (float p : c.scores().values()) {
                scores[k++] = p;
              }
              assertArrayEquals(expected.scores(), scores, LOGIT_TOLERANCE, what);
              assertEquals(expected.labels(), c.labels(), what);
            }
          } else {
            Embedding e = assertInstanceOf(Embedding.class, results.get(i), what);
            double cosine = e.cosine(expected.embedding());
            assertTrue(cosine >= MIN_COSINE, what + ": cosine " + cosine);
            worstCosine = Math.min(worstCosine, cosine);
            worstDiff = Math.max(worstDiff, maxDiff(expected.embedding(), e.vector()));
          }
        }
      }
    }
    boolean classifier = reference.cases().get(0).logits() != null;
    System.out.printf(
        "| %s | %s | %d/%d | %s |%n",
        name,
        reference.tokenizerKind(),
        idsEqual,
        texts.size(),
        classifier
            ? String.format("max |logit diff| %.1e", worstDiff)
            : String.format("min cosine %.7f, max |diff| %.1e", worstCosine, worstDiff));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nliFamilies")
  void zeroShotScoresEveryLabelAsThePipelineDoes(String name) {
    FamilyReference reference = FamilyReference.read(name);
    assumeFalse(reference.zeroShot().isEmpty());
    int pairs = 0;
    double worstLogit = 0;
    double worstScore = 0;
    try (LoadedModel model = load(name, InferenceOptions.DEFAULTS)) {
      assertEquals(ModelTask.SEQUENCE_CLASSIFICATION, model.task());
      int entailment = ZeroShotResult.entailmentIndex(model.labels());
      for (FamilyReference.ZeroShotCase expected : reference.zeroShot()) {
        ZeroShotQuery query = expected.query();
        List<EncodedText> encoded = model.encodePairs(query.pairs());
        List<float[]> logits = new ArrayList<>();
        List<Inference> results = model.run(encoded);
        for (int i = 0; i < encoded.size(); i++) {
          FamilyReference.Pair pair = expected.pairs().get(i);
          assertEquals(pair.hypothesis(), query.pairs().get(i).pair());
          assertArrayEquals(pair.inputIds(), encoded.get(i).ids(), name + " ids: " + pair);
          if (!reference.tokenizerPostProcessor().equals("RobertaProcessing")) {
            // For a pair, RobertaProcessing gives the second text type 1 in the JavaScript library
            // and 0 in the Rust one (as transformers' RobertaTokenizer does); RoBERTa and BART
            // graphs take no token_type_ids, so the difference cannot reach a result.
            assertArrayEquals(pair.typeIds(), encoded.get(i).typeIds(), name + " types: " + pair);
          }
          float[] row = ((Classification) results.get(i)).logits();
          assertArrayEquals(pair.logits(), row, LOGIT_TOLERANCE, name + ": " + pair.hypothesis());
          worstLogit = Math.max(worstLogit, maxDiff(pair.logits(), row));
          logits.add(row);
          pairs++;
        }
        ZeroShotResult result = ZeroShotResult.score(query, logits, entailment);
        assertEquals(expected.labels(), result.labels(), name + ": " + expected.text());
        float[] scores = new float[result.scores().size()];
        for (int i = 0; i < scores.length; i++) {
          scores[i] = result.scores().get(i);
        }
        assertArrayEquals(expected.scores(), scores, LOGIT_TOLERANCE, name);
        worstScore = Math.max(worstScore, maxDiff(expected.scores(), scores));
        assertFalse(result.labels().isEmpty());
      }
    }
    System.out.printf(
        "| %s zero-shot | %s | %d/%d pairs | max |logit diff| %.1e, max |score diff| %.1e |%n",
        name, reference.tokenizerKind(), pairs, pairs, worstLogit, worstScore);
  }

  /**
   * A batch that mixes single texts and premise-hypothesis pairs (BART's head reads the last eos
   * token, and a pair holds three where a text holds one) answers each as it answers it alone.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("nliFamilies")
  void aBatchMixingTextsAndPairsAnswersEachAsAlone(String name) {
    FamilyReference reference = FamilyReference.read(name);
    try (LoadedModel model = load(name, InferenceOptions.DEFAULTS)) {
      List<EncodedText> mixed = new ArrayList<>(model.encode(reference.texts()));
      ZeroShotQuery query = reference.zeroShot().get(0).query();
      mixed.addAll(1, model.encodePairs(query.pairs()));
      List<Inference> together = model.run(mixed);
      for (int i = 0; i < mixed.size(); i++) {
        float[] alone = ((Classification) model.run(List.of(mixed.get(i))).get(0)).logits();
        assertArrayEquals(
            alone, ((Classification) together.get(i)).logits(), 1e-5f, name + " row " + i);
      }
    }
  }

  static LoadedModel load(String name, InferenceOptions options) {
    return new OnnxModelLoader(
            new LocalDirectorySource(FamilyReference.root()), options.withWarmupTokens(16))
        .load(ModelId.of(name));
  }

  private static double maxDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }
}
