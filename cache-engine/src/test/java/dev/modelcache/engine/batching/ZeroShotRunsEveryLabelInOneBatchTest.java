package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.CacheConfig;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.FamilyReference;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.OnnxModelLoader;
import dev.modelcache.engine.inference.ZeroShotQuery;
import dev.modelcache.engine.inference.ZeroShotResult;
import dev.modelcache.engine.model.LocalDirectorySource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A zero-shot request through the prediction path: its premise-hypothesis pairs are one request to
 * the batcher, so they run as one batch, and the answer is the pipeline's (the reference of the
 * BART-MNLI fixture). A model that is not an NLI classifier, and a hypothesis that leaves no room
 * for the text, are bad input.
 */
class ZeroShotRunsEveryLabelInOneBatchTest {
  private static final ModelId BART = ModelId.of("enc-bart-mnli");

  private ModelCache cache;
  private Batcher batcher;
  private Predictor predictor;

  @BeforeEach
  void start() {
    cache =
        new ModelCache(
            new OnnxModelLoader(
                new LocalDirectorySource(FamilyReference.root()),
                InferenceOptions.DEFAULTS.withWarmupTokens(16)),
            CacheConfig.builder().maxMemoryMb(4096).build());
    batcher = new Batcher(BatchingOptions.defaults(1).withRunners(1), Ticker.system());
    predictor = new Predictor(cache, batcher, ResponseCache.create(1 << 20), Ticker.system());
  }

  @AfterEach
  void stop() {
    batcher.close();
    cache.close();
  }

  @Test
  void thePairsOfOneRequestRunTogetherAndScoreAsThePipeline() {
    FamilyReference.ZeroShotCase expected = FamilyReference.read(BART.name()).zeroShot().get(0);
    int labels = expected.candidateLabels().size();

    ZeroShotPrediction answer = predictor.zeroShot(BART, expected.query());

    ZeroShotResult result = answer.result();
    assertEquals(expected.labels(), result.labels());
    for (int i = 0; i < labels; i++) {
      assertEquals(expected.scores()[i], result.scores().get(i), 1e-4, result.labels().get(i));
    }
    assertEquals(labels, answer.pairs());
    BatcherStats stats = batcher.stats();
    assertEquals(1, stats.requests(), stats::toString);
    assertEquals(labels, stats.textsRun(), stats::toString);
    assertEquals(1, stats.runs(), "one run for all " + labels + " pairs: " + stats);
    assertEquals(0, predictor.responseCache().entries(), "zero-shot answers are not cached");
  }

  @Test
  void aModelWithoutAnEntailmentLabelCannotClassifyZeroShot() {
    ZeroShotQuery query =
        new ZeroShotQuery("the game", List.of("sport"), ZeroShotQuery.DEFAULT_TEMPLATE, false);

    for (String model : List.of("enc-roberta", "enc-t5-embed-mean")) {
      String message =
          assertThrows(
                  InvalidInputException.class, () -> predictor.zeroShot(ModelId.of(model), query))
              .getMessage();
      assertTrue(message.startsWith("model '" + model + "' cannot classify zero-shot"), message);
    }
    assertEquals(
        0,
        cache.stats().models().stream().mapToLong(m -> m.activeLeases()).sum(),
        "every lease went back");
  }

  @Test
  void aHypothesisThatLeavesNoRoomForTheTextIsBadInput() {
    ZeroShotQuery query =
        new ZeroShotQuery(
            "the game",
            List.of("sport " + "and more ".repeat(80)),
            ZeroShotQuery.DEFAULT_TEMPLATE,
            false);

    String message =
        assertThrows(InvalidInputException.class, () -> predictor.zeroShot(BART, query))
            .getMessage();
    assertTrue(message.contains("the hypothesis is too long"), message);
  }

  /**
   * The native tokenizer aborts the whole process on a pair it cannot cut (DJL turns the Rust error
   * into a panic): every hypothesis length around the model's limit is answered or refused with
   * 400, and the process lives on.
   */
  @Test
  void hypothesesAroundTheLengthLimitAreAnsweredOrRefusedAndNeverCrashTheProcess() {
    int answered = 0;
    int refused = 0;
    for (String model : List.of("enc-bart-mnli", "enc-deberta-v3-nli")) {
      for (int words = 40; words <= 80; words++) {
        ZeroShotQuery query =
            new ZeroShotQuery(
                "a premise long enough to be cut " + "again and again ".repeat(20),
                List.of("x" + " y".repeat(words)),
                ZeroShotQuery.DEFAULT_TEMPLATE,
                false);
        try {
          predictor.zeroShot(ModelId.of(model), query);
          answered++;
        } catch (InvalidInputException e) {
          assertTrue(e.getMessage().contains("the hypothesis is too long"), e.getMessage());
          refused++;
        }
      }
    }
    assertTrue(answered > 0 && refused > 0, answered + " answered, " + refused + " refused");
  }
}
