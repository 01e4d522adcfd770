package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.OverloadedException;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A full queue refuses the next request at once with the typed overload error, while the runner is
 * still busy (so the refusal cannot have waited for it); and every request that was accepted gets
 * its own result once the runner moves on, with every lease returned.
 */
class QueueFullFailsFastTest {
  private static final ModelId MODEL = ModelId.of("m");
  private static final int QUEUE = 8;

  private final ScriptedModels models = new ScriptedModels("m");
  private final ModelCache cache = models.cache(Ticker.system());
  private final Batcher batcher =
      new Batcher(
          BatchingOptions.defaults(1).withBatchSize(4).withRunners(1).withMaxQueueTexts(QUEUE),
          Ticker.system());
  private final Predictor predictor =
      new Predictor(cache, batcher, ResponseCache.disabled(), Ticker.system());
  private final ExecutorService clients = Executors.newFixedThreadPool(QUEUE + 1);

  @AfterEach
  void close() throws InterruptedException {
    models.gate.countDown();
    clients.shutdownNow();
    clients.awaitTermination(10, TimeUnit.SECONDS);
    batcher.close();
    cache.close();
  }

  @Test
  void aFullQueueRefusesAtOnceAndEveryAcceptedRequestGetsItsResult() throws Exception {
    List<Future<Prediction>> accepted = new ArrayList<>();
    accepted.add(clients.submit(() -> predictor.predict(MODEL, List.of("running"))));
    assertTrue(models.firstRunStarted.await(10, TimeUnit.SECONDS), "the runner took the first");
    for (int i = 0; i < QUEUE; i++) {
      String text = "queued-" + i;
      accepted.add(clients.submit(() -> predictor.predict(MODEL, List.of(text))));
    }
    Await.until(QUEUE + " texts queued", Await.LIMIT, () -> batcher.stats().queuedTexts() == QUEUE);

    OverloadedException refused =
        assertThrows(
            OverloadedException.class, () -> predictor.predict(MODEL, List.of("one too many")));

    assertEquals(1, models.gate.getCount(), "refused while the runner was still busy");
    assertTrue(refused.getMessage().contains("MAX_QUEUE_TEXTS"), refused.getMessage());
    assertEquals(1, refused.retryAfterSeconds());
    assertEquals(QUEUE, batcher.stats().queuedTexts(), "the refusal queued nothing");

    models.gate.countDown();
    List<String> answers = new ArrayList<>();
    for (Future<Prediction> future : accepted) {
      Prediction prediction = future.get(10, TimeUnit.SECONDS);
      answers.add(((Classification) prediction.results().get(0)).label());
    }
    List<String> expected = new ArrayList<>(List.of("running"));
    for (int i = 0; i < QUEUE; i++) {
      expected.add("queued-" + i);
    }
    assertEquals(expected, answers, "each request got its own text's result");
    BatcherStats stats = batcher.stats();
    assertEquals(1, stats.rejected());
    assertEquals(QUEUE + 1, stats.requests());
    assertEquals(QUEUE + 1, stats.textsRun());
    assertEquals(0, stats.timedOut() + stats.failed() + stats.queuedTexts());
    assertTrue(stats.runs() < QUEUE + 1, "queued requests were batched: " + stats);
    assertEquals(0, cache.stats().models().get(0).activeLeases(), "every lease came back");
  }

  @Test
  void aRequestLargerThanTheQueueStillFitsAnEmptyQueue() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < QUEUE * 2; i++) {
      texts.add("t" + i);
    }
    models.gate.countDown();

    Prediction prediction = predictor.predict(MODEL, texts);

    assertEquals(texts.size(), prediction.results().size());
    assertEquals(0, batcher.stats().rejected());
  }
}
