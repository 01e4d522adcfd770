package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
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
 * Fairness across models, counted in batches: with a hot model's queue flooded behind a busy
 * runner, requests for cold models that arrive later still run within one round of the models with
 * work, not after the hot model's backlog.
 */
class HotModelDoesNotStarveColdModelsTest {
  private static final int HOT_REQUESTS = 40;
  private static final int BATCH = 2;

  private final ScriptedModels models = new ScriptedModels("hot", "cold-a", "cold-b");
  private final ModelCache cache = models.cache(Ticker.system());
  private final Batcher batcher =
      new Batcher(
          BatchingOptions.defaults(1).withBatchSize(BATCH).withRunners(1).withMaxQueueTexts(100),
          Ticker.system());
  private final Predictor predictor =
      new Predictor(cache, batcher, ResponseCache.disabled(), Ticker.system());
  private final ExecutorService clients = Executors.newFixedThreadPool(HOT_REQUESTS + 3);

  @AfterEach
  void close() throws InterruptedException {
    models.gate.countDown();
    clients.shutdownNow();
    clients.awaitTermination(10, TimeUnit.SECONDS);
    batcher.close();
    cache.close();
  }

  @Test
  void coldModelsRunWithinOneRoundDespiteAFloodedHotModel() throws Exception {
    List<Future<Prediction>> requests = new ArrayList<>();
    requests.add(submit("hot", "hot-running"));
    assertTrue(models.firstRunStarted.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < HOT_REQUESTS; i++) {
      requests.add(submit("hot", "hot-" + i));
    }
    Await.until(
        "the hot flood is queued",
        Await.LIMIT,
        () -> batcher.stats().queuedTexts() == HOT_REQUESTS);
    requests.add(submit("cold-a", "cold-a-text"));
    requests.add(submit("cold-b", "cold-b-text"));
    Await.until(
        "cold requests queued",
        Await.LIMIT,
        () -> batcher.stats().queuedTexts() == HOT_REQUESTS + 2);

    models.gate.countDown();
    for (Future<Prediction> request : requests) {
      request.get(10, TimeUnit.SECONDS);
    }

    List<String> order;
    synchronized (models.runs) {
      order = models.runs.stream().map(r -> r.model().toString()).toList();
    }
    System.out.println("run order: " + order);
    int modelsWithWork = 3;
    // Run 0 is the hot request that held the runner; then one round covers every model.
    for (String cold : List.of("cold-a", "cold-b")) {
      int run = order.indexOf(cold);
      assertTrue(run >= 1, cold + " never ran: " + order);
      assertTrue(run <= modelsWithWork, cold + " waited too long: " + order);
      assertEquals(1, models.runsOf(cold).size(), cold + " ran once: " + order);
    }
    assertEquals(1 + HOT_REQUESTS / BATCH, models.runsOf("hot").size(), "hot ran in full batches");
    assertEquals(HOT_REQUESTS + 3, batcher.stats().textsRun());
  }

  private Future<Prediction> submit(String model, String text) {
    return clients.submit(() -> predictor.predict(ModelId.of(model), List.of(text)));
  }
}
