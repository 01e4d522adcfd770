package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ErrorKind;
import dev.modelcache.api.InferenceTimeoutException;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.FakeTicker;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code INFERENCE_TIMEOUT} per request, on an injected ticker: a request still queued at its
 * deadline is withdrawn and fails with the typed timeout; one already running keeps its result;
 * every lease comes back.
 */
class ExpiredRequestsFailWithTimeoutTest {
  private static final ModelId MODEL = ModelId.of("m");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final FakeTicker ticker = new FakeTicker();
  private final ScriptedModels models = new ScriptedModels("m");
  private final ModelCache cache = models.cache(ticker);
  private final Batcher batcher =
      new Batcher(BatchingOptions.defaults(1).withRunners(1).withTimeout(TIMEOUT), ticker);
  private final Predictor predictor =
      new Predictor(cache, batcher, ResponseCache.disabled(), ticker);
  private final ExecutorService clients = Executors.newFixedThreadPool(3);

  @AfterEach
  void close() throws InterruptedException {
    models.gate.countDown();
    clients.shutdownNow();
    clients.awaitTermination(10, TimeUnit.SECONDS);
    batcher.close();
    cache.close();
  }

  @Test
  void aRequestStillQueuedAtItsDeadlineFailsAndARunningOneFinishes() throws Exception {
    Future<Prediction> running = clients.submit(() -> predictor.predict(MODEL, List.of("run")));
    assertTrue(models.firstRunStarted.await(10, TimeUnit.SECONDS));
    Future<Prediction> queued =
        clients.submit(() -> predictor.predict(MODEL, List.of("wait", "longer wait")));
    Await.until(
        "the second request is queued", Await.LIMIT, () -> batcher.stats().queuedTexts() == 2);

    ticker.advance(TIMEOUT.minusMillis(1));
    assertEquals(0, batcher.expireOverdue(), "not yet");
    ticker.advance(Duration.ofMillis(1));
    batcher.expireOverdue(); // or the waiting caller sees its deadline first: either expires it

    ExecutionException failure =
        assertThrows(ExecutionException.class, () -> queued.get(10, TimeUnit.SECONDS));
    InferenceTimeoutException timeout =
        assertInstanceOf(InferenceTimeoutException.class, failure.getCause());
    assertEquals(ErrorKind.TIMEOUT, timeout.kind());
    assertEquals(504, timeout.kind().httpStatus());
    assertTrue(timeout.getMessage().contains("INFERENCE_TIMEOUT"), timeout.getMessage());
    assertTrue(timeout.getMessage().contains("still queued"), timeout.getMessage());
    assertEquals(0, batcher.stats().queuedTexts(), "withdrawn from the queue");

    models.gate.countDown();
    Prediction done = running.get(10, TimeUnit.SECONDS);
    assertEquals("run", ((Classification) done.results().get(0)).label(), "in flight: finished");
    assertEquals(1, models.runs.size(), "the expired texts never ran");
    assertEquals(1, batcher.stats().timedOut());
    Await.until(
        "leases returned", Await.LIMIT, () -> cache.stats().models().get(0).activeLeases() == 0);
  }
}
