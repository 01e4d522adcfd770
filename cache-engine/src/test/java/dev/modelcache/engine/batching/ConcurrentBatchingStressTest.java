package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.OverloadedException;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.ModelStats;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Inference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Many clients, more models than the cache holds (so models are evicted and reloaded while their
 * requests are queued), small queues (so some requests are refused), two runners. Invariants: every
 * request gets exactly its own texts' results in order (some from the response cache) or a typed
 * overload error; never more runs at once than runners (callers running their own turn included);
 * no model runs after it was closed; every lease comes back; the counters add up.
 */
class ConcurrentBatchingStressTest {
  private static final int CLIENTS = 16;
  private static final int REQUESTS_EACH = 150;
  private static final List<String> MODELS = List.of("m0", "m1", "m2", "m3", "m4");

  @Test
  void requestsGetTheirOwnResultsOrAnOverloadErrorAndNothingLeaks() throws Exception {
    ScriptedModels models = new ScriptedModels(MODELS.toArray(String[]::new)).ungated();
    ModelCache cache = models.cache(Ticker.system(), 2);
    Batcher batcher =
        new Batcher(
            BatchingOptions.defaults(1).withBatchSize(8).withRunners(2).withMaxQueueTexts(12),
            Ticker.system());
    ResponseCache responses = ResponseCache.create(64 * 1024);
    Predictor predictor = new Predictor(cache, batcher, responses, Ticker.system());
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Random random = new Random(c);
        int client = c;
        Callable<Void> work =
            () -> {
              for (int r = 0; r < REQUESTS_EACH; r++) {
                ModelId model = ModelId.of(MODELS.get(random.nextInt(MODELS.size())));
                List<String> texts = new ArrayList<>();
                for (int t = 0, n = 1 + random.nextInt(4); t < n; t++) {
                  texts.add(
                      random.nextInt(3) == 0
                          ? "common " + random.nextInt(8)
                          : "c" + client + "r" + r + "t" + t + "x".repeat(random.nextInt(20)));
                }
                try {
                  List<Inference> results = predictor.predict(model, texts).results();
                  List<String> labels =
                      results.stream().map(i -> ((Classification) i).label()).toList();
                  assertEquals(texts, labels, "answers for " + model);
                  answered.incrementAndGet();
                } catch (OverloadedException e) {
                  refused.incrementAndGet();
                }
              }
              return null;
            };
        done.add(clients.submit(work));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      clients.shutdownNow();
      batcher.close();
    }

    BatcherStats stats = batcher.stats();
    System.out.printf(
        "stress: %d answered, %d refused, %d loads, %s, %s%n",
        answered.get(), refused.get(), models.created.size(), stats, responses.stats());
    assertEquals(CLIENTS * REQUESTS_EACH, answered.get() + refused.get());
    assertEquals(refused.get(), stats.rejected());
    assertEquals(stats.texts(), stats.textsRun(), "every accepted text ran");
    assertEquals(0, stats.timedOut() + stats.failed() + stats.queuedTexts());
    assertTrue(models.mostRunning.get() <= 2, "more runs at once than runners, callers included");
    assertTrue(models.created.size() > MODELS.size(), "models were evicted and reloaded");
    assertTrue(responses.stats().hits() > 0, "repeated texts were answered from the cache");
    for (ScriptedModels.ScriptedModel model : models.created) {
      assertEquals(0, model.usedAfterClose.get(), model.id + " ran after it was closed");
    }
    for (ModelStats model : cache.stats().models()) {
      assertEquals(0, model.activeLeases(), model.id() + " still leased");
    }
    cache.close();
    for (ScriptedModels.ScriptedModel model : models.created) {
      assertTrue(model.isClosed(), model.id + " was never closed");
    }
  }
}
