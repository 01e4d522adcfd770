package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Inference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A request with many texts of mixed lengths is sorted, cut into batches and length groups, and
 * answered in input order; runs never exceed the batch size; the model's inference count matches.
 */
class BatchResultsComeBackInInputOrderTest {
  private final ScriptedModels models = new ScriptedModels("m").ungated();
  private final ModelCache cache = models.cache(Ticker.system());
  private final Batcher batcher =
      new Batcher(BatchingOptions.defaults(1).withBatchSize(4).withRunners(2), Ticker.system());
  private final Predictor predictor =
      new Predictor(cache, batcher, ResponseCache.disabled(), Ticker.system());

  @AfterEach
  void close() {
    batcher.close();
    cache.close();
  }

  @Test
  void mixedLengthsReturnInInputOrder() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      texts.add("x".repeat(1 + (i * 37) % 90) + "#" + i);
    }

    List<Inference> results = predictor.predict(ModelId.of("m"), texts).results();

    List<String> labels = results.stream().map(r -> ((Classification) r).label()).toList();
    assertEquals(texts, labels);
    for (ScriptedModels.Run run : models.runs) {
      assertTrue(run.texts().size() <= 4, "runs hold at most BATCH_SIZE texts: " + run);
    }
    assertEquals(23, cache.stats().models().get(0).inferenceCount());
    assertTrue(batcher.stats().paddingEfficiency() > 0.5, batcher.stats().toString());
  }
}
