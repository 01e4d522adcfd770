package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.CacheConfig;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Embedding;
import dev.modelcache.engine.memory.MemoryProbe;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The response cache answers repeated texts without running the model, per text inside a batch,
 * counts its hits, forgets a model's answers when the model leaves or reloads, and stays under its
 * byte bound.
 */
class ResponseCacheTest {
  private static final ModelId M = ModelId.of("m");

  private final ScriptedModels models = new ScriptedModels("m", "n").ungated();
  private final ResponseCache responses = ResponseCache.create(1 << 20);
  private final ModelCache cache =
      new ModelCache(
          models,
          CacheConfig.builder()
              .memoryProbe(MemoryProbe.unavailable())
              .listener(responses::onCacheEvent)
              .build());
  private final Batcher batcher = new Batcher(BatchingOptions.defaults(1), Ticker.system());
  private final Predictor predictor = new Predictor(cache, batcher, responses, Ticker.system());

  @AfterEach
  void close() {
    batcher.close();
    cache.close();
  }

  @Test
  void aRepeatedTextIsAnsweredFromTheCache() {
    Prediction first = predictor.predict(M, List.of("hello"));
    Prediction second = predictor.predict(M, List.of("hello"));

    assertEquals(List.of(false), first.fromResponseCache());
    assertEquals(List.of(true), second.fromResponseCache());
    assertSame(first.results().get(0), second.results().get(0));
    assertEquals(1, models.runs.size(), "the model ran once");
    ResponseCacheStats stats = responses.stats();
    assertEquals(1, stats.hits());
    assertEquals(1, stats.misses());
    assertEquals(0.5, stats.hitRate());
    assertEquals(1, stats.entries());
  }

  @Test
  void aBatchIsPartlyServedFromTheCache() {
    predictor.predict(M, List.of("known"));

    Prediction batch = predictor.predict(M, List.of("new", "known", "other"));

    assertEquals(List.of(false, true, false), batch.fromResponseCache());
    assertEquals(1, batch.responseCacheHits());
    assertEquals(List.of("new", "other"), models.runs.get(1).texts(), "only the unknown texts ran");
  }

  @Test
  void unloadingOrReloadingAModelForgetsItsAnswers() {
    predictor.predict(M, List.of("hello"));
    predictor.predict(ModelId.of("n"), List.of("hello"));

    cache.unload(M);

    assertEquals(1, responses.stats().invalidations());
    assertEquals(1, responses.stats().entries(), "the other model's answer stays");
    Prediction afterReload = predictor.predict(M, List.of("hello"));
    assertEquals(List.of(false), afterReload.fromResponseCache());
    assertEquals(3, models.runs.size());
  }

  @Test
  void entriesOfAnEarlierLoadAreNotServed() {
    responses.put(M, 1, "text", new Embedding(new float[] {1f}));

    assertNull(responses.get(M, 2, "text"), "another generation");
    assertTrue(responses.get(M, 1, "text") instanceof Embedding);
  }

  @Test
  void theCacheStaysUnderItsByteBound() {
    long bound = 64 * 1024;
    ResponseCache small = ResponseCache.create(bound);
    for (int i = 0; i < 2_000; i++) {
      small.put(M, 1, "text number " + i, new Embedding(new float[64]));
    }

    ResponseCacheStats stats = small.stats();
    assertTrue(stats.bytes() <= bound, "bytes " + stats.bytes());
    assertTrue(stats.evictions() > 0);
    assertTrue(stats.entries() < 2_000);
  }

  @Test
  void zeroMegabytesTurnsItOff() {
    ResponseCache off = ResponseCache.create(0);
    off.put(M, 1, "x", new Embedding(new float[] {1f}));

    assertNull(off.get(M, 1, "x"));
    assertFalse(off.stats().enabled());
    assertEquals(0, off.stats().misses());
  }
}
