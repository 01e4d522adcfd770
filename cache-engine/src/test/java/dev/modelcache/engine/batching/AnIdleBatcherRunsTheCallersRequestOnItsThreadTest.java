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
 * A request that finds nothing queued and a turn free runs on its own thread (no hand-off to a
 * runner and back); one that arrives while every turn is taken queues and a runner takes it, and a
 * caller's turn counts against {@code runners} like a runner's.
 */
class AnIdleBatcherRunsTheCallersRequestOnItsThreadTest {
  private final ScriptedModels models = new ScriptedModels("m", "n");
  private final ModelCache cache = models.cache(Ticker.system());
  private final ExecutorService clients = Executors.newFixedThreadPool(8);
  private Batcher batcher;

  @AfterEach
  void close() throws InterruptedException {
    models.gate.countDown();
    clients.shutdownNow();
    clients.awaitTermination(10, TimeUnit.SECONDS);
    if (batcher != null) {
      batcher.close();
    }
    cache.close();
  }

  @Test
  void aLoneRequestRunsOnTheCallingThread() {
    models.ungated();
    batcher = new Batcher(BatchingOptions.defaults(1).withRunners(1), Ticker.system());
    Predictor predictor = new Predictor(cache, batcher, ResponseCache.disabled(), Ticker.system());

    predictor.predict(ModelId.of("m"), List.of("alone", "together"));
    predictor.predict(ModelId.of("m"), List.of("again"));

    assertEquals(2, models.runs.size());
    for (ScriptedModels.Run run : models.runs) {
      assertEquals(Thread.currentThread().getName(), run.thread(), "ran on the caller: " + run);
    }
    assertEquals(3, batcher.stats().textsRun());
  }

  @Test
  void requestsArrivingDuringACallersTurnQueueForARunnerAndNeverExceedTheTurns() throws Exception {
    batcher =
        new Batcher(BatchingOptions.defaults(1).withRunners(1).withBatchSize(8), Ticker.system());
    Predictor predictor = new Predictor(cache, batcher, ResponseCache.disabled(), Ticker.system());
    List<Future<Prediction>> requests = new ArrayList<>();
    String first = "first";
    requests.add(clients.submit(() -> predictor.predict(ModelId.of("m"), List.of(first))));
    assertTrue(models.firstRunStarted.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < 5; i++) {
      String model = i % 2 == 0 ? "m" : "n";
      String text = "later-" + i;
      requests.add(clients.submit(() -> predictor.predict(ModelId.of(model), List.of(text))));
    }
    Await.until(
        "the later requests are queued", Await.LIMIT, () -> batcher.stats().queuedTexts() == 5);
    assertEquals(1, models.running.get(), "one turn: the later requests wait for it");

    models.gate.countDown();
    for (Future<Prediction> request : requests) {
      request.get(10, TimeUnit.SECONDS);
    }

    List<ScriptedModels.Run> runs;
    synchronized (models.runs) {
      runs = List.copyOf(models.runs);
    }
    System.out.println("runs: " + runs);
    assertEquals(List.of(first), runs.get(0).texts());
    assertTrue(runs.get(0).thread().startsWith("pool-"), "the first ran on its caller: " + runs);
    for (ScriptedModels.Run run : runs.subList(1, runs.size())) {
      assertTrue(
          run.thread().startsWith("inference-runner-"), "queued work ran on a runner: " + run);
    }
    assertEquals(3, runs.size(), "one run per model after the first: " + runs);
    assertEquals(1, models.mostRunning.get(), "never more runs at once than runners");
    assertEquals(6, batcher.stats().textsRun());
  }
}
