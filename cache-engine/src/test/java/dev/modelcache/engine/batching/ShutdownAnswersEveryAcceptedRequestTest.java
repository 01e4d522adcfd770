package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.OverloadedException;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Closing the batcher loses nothing: queued requests fail at once with the typed overload error,
 * the run under way finishes and answers its request, later requests are refused, and every lease
 * comes back.
 */
class ShutdownAnswersEveryAcceptedRequestTest {
  private static final ModelId MODEL = ModelId.of("m");

  @Test
  void queuedRequestsFailWithOverloadAndTheRunningOneFinishes() throws Exception {
    ScriptedModels models = new ScriptedModels("m");
    ModelCache cache = models.cache(Ticker.system());
    Batcher batcher = new Batcher(BatchingOptions.defaults(1).withRunners(1), Ticker.system());
    Predictor predictor = new Predictor(cache, batcher, ResponseCache.disabled(), Ticker.system());
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      Future<Prediction> running = threads.submit(() -> predictor.predict(MODEL, List.of("run")));
      assertTrue(models.firstRunStarted.await(10, TimeUnit.SECONDS));
      Future<Prediction> queued = threads.submit(() -> predictor.predict(MODEL, List.of("wait")));
      Await.until("one request queued", Await.LIMIT, () -> batcher.stats().queuedTexts() == 1);

      Future<?> closing = threads.submit(() -> batcher.close(Duration.ofSeconds(20)));

      ExecutionException refused =
          assertThrows(ExecutionException.class, () -> queued.get(10, TimeUnit.SECONDS));
      assertInstanceOf(OverloadedException.class, refused.getCause());
      assertThrows(OverloadedException.class, () -> predictor.predict(MODEL, List.of("late")));
      models.gate.countDown();
      Prediction done = running.get(10, TimeUnit.SECONDS);
      assertEquals("run", ((Classification) done.results().get(0)).label());
      closing.get(10, TimeUnit.SECONDS);
      assertEquals(0, cache.stats().models().get(0).activeLeases(), "every lease came back");
    } finally {
      models.gate.countDown();
      threads.shutdownNow();
      batcher.close();
      cache.close();
    }
  }
}
