package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.EncodedText;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.OnnxModelLoader;
import dev.modelcache.engine.model.LocalDirectorySource;
import dev.modelcache.engine.testing.Await;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dynamically quantized models are detected from their graph, really are not batch-invariant, and
 * share batches across requests only when the operator opts in ({@code BATCH_QUANTIZED}).
 */
class QuantizedModelsShareBatchesOnlyByOptInTest {
  private static final InferenceOptions OPTIONS =
      InferenceOptions.DEFAULTS.withMaxSequenceLength(128).withBatchSize(4).withWarmupTokens(8);

  @Test
  void dynamicQuantizationIsDetectedFromTheGraph() {
    Path quantized = Fixtures.root().resolve("quantized");
    try (LoadedModel q = load(quantized, "tiny-a-dynquant");
        LoadedModel plain = load(Fixtures.tinyModels(), "tiny-a");
        LoadedModel spam = load(Fixtures.defaultModels(), "spam-detector")) {
      assertTrue(q.dynamicallyQuantized());
      assertFalse(plain.dynamicallyQuantized());
      assertFalse(spam.dynamicallyQuantized());
    }
  }

  /** Why the opt-in exists: the same text, alone and padded beside a long one, differs. */
  @Test
  void aQuantizedModelsResultDependsOnItsBatch() {
    try (LoadedModel model = load(Fixtures.root().resolve("quantized"), "tiny-a-dynquant")) {
      String text = "Hello, world!";
      String neighbour =
          "A much longer neighbour with many more words pads the short text and widens the range"
              + " of activations that the dynamic quantization scale is computed from.";
      List<EncodedText> encoded = model.encode(List.of(text, neighbour));
      float[] alone = ((Classification) model.run(List.of(encoded.get(0))).get(0)).logits();
      float[] batched = ((Classification) model.run(encoded).get(0)).logits();
      double diff = 0;
      for (int i = 0; i < alone.length; i++) {
        diff = Math.max(diff, Math.abs(alone[i] - batched[i]));
      }
      System.out.printf("tiny-a-dynquant: alone vs batched max |diff| %.3e%n", diff);
      assertTrue(diff > 1e-5, "expected a batch-dependent result, got " + diff);
    }
  }

  @ParameterizedTest(name = "opted in: {0}")
  @ValueSource(booleans = {false, true})
  void queuedRequestsOfAQuantizedModelShareARunOnlyWhenOptedIn(boolean optIn) throws Exception {
    ScriptedModels models = new ScriptedModels("q");
    models.quantized.add(ModelId.of("q"));
    ModelCache cache = models.cache(Ticker.system());
    QuantizedBatching policy = optIn ? QuantizedBatching.parse("q") : QuantizedBatching.none();
    Batcher batcher =
        new Batcher(
            BatchingOptions.defaults(1).withBatchSize(4).withRunners(1).withQuantized(policy),
            Ticker.system());
    Predictor predictor = new Predictor(cache, batcher, ResponseCache.disabled(), Ticker.system());
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      List<Future<Prediction>> requests = new ArrayList<>();
      requests.add(clients.submit(() -> predictor.predict(ModelId.of("q"), List.of("first"))));
      assertTrue(models.firstRunStarted.await(10, TimeUnit.SECONDS));
      for (String text : List.of("aaa", "bbb", "ccc")) {
        requests.add(clients.submit(() -> predictor.predict(ModelId.of("q"), List.of(text))));
      }
      Await.until("three queued", Await.LIMIT, () -> batcher.stats().queuedTexts() == 3);
      models.gate.countDown();
      for (Future<Prediction> request : requests) {
        request.get(10, TimeUnit.SECONDS);
      }

      List<Integer> sizes = models.runs.stream().map(r -> r.texts().size()).toList();
      assertEquals(optIn ? List.of(1, 3) : List.of(1, 1, 1, 1), sizes);
    } finally {
      models.gate.countDown();
      clients.shutdownNow();
      batcher.close();
      cache.close();
    }
  }

  @Test
  void theSettingReadsTrueFalseOrModelNames() {
    assertTrue(QuantizedBatching.parse("true").allowsSharing(ModelId.of("x"), true));
    assertFalse(QuantizedBatching.parse("false").allowsSharing(ModelId.of("x"), true));
    assertFalse(QuantizedBatching.parse("").allowsSharing(ModelId.of("x"), true));
    QuantizedBatching named = QuantizedBatching.parse(" a , org/b ");
    assertTrue(named.allowsSharing(ModelId.of("org/b"), true));
    assertFalse(named.allowsSharing(ModelId.of("c"), true));
    assertTrue(named.allowsSharing(ModelId.of("c"), false), "float models always share");
  }

  private static LoadedModel load(Path root, String name) {
    return new OnnxModelLoader(new LocalDirectorySource(root), OPTIONS).load(ModelId.of(name));
  }
}
