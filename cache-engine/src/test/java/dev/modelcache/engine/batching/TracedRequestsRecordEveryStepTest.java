package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelNotFoundException;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.testing.Await;
import dev.modelcache.engine.trace.TraceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A traced request records, in its own trace: the load it caused (model, size, source), its
 * tokenisation, its wait in the queue and each run that held its texts; a run shared by several
 * requests is recorded in each of their traces and linked to the others. Every step ends exactly
 * once, failures included.
 */
class TracedRequestsRecordEveryStepTest {
  private final ScriptedModels models = new ScriptedModels("m");
  private final ModelCache cache = models.cache(Ticker.system());
  private final RecordingTracing tracing = new RecordingTracing();
  private final ExecutorService clients = Executors.newFixedThreadPool(4);
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

  private Predictor predictor(int batchSize) {
    batcher =
        new Batcher(
            BatchingOptions.defaults(1).withRunners(1).withBatchSize(batchSize), Ticker.system());
    return new Predictor(cache, batcher, ResponseCache.disabled(), Ticker.system(), tracing);
  }

  private static void assertEndedOnce(RecordingTracing.Trace trace) {
    synchronized (trace.steps) {
      for (RecordingTracing.Recorded step : trace.steps) {
        assertEquals(1, step.ends, trace.name + ": " + step);
      }
    }
  }

  @Test
  void aRequestThatLoadsTheModelRecordsTheLoadTokenisationQueueWaitAndRun() {
    models.ungated();
    Predictor predictor = predictor(8);
    tracing.label("first");
    predictor.predict(ModelId.of("m"), List.of("short", "a longer text"));
    tracing.label("second");
    predictor.predict(ModelId.of("m"), List.of("again"));

    RecordingTracing.Trace first = tracing.trace("first");
    assertEquals(
        List.of(
            TraceNames.MODEL_LOAD,
            TraceNames.TOKENIZE,
            TraceNames.QUEUE_WAIT,
            TraceNames.INFERENCE_RUN),
        first.names());
    RecordingTracing.Recorded load = first.only(TraceNames.MODEL_LOAD);
    assertEquals("m", load.attributes.get(TraceNames.MODEL_NAME));
    assertEquals("scripted:m", load.attributes.get(TraceNames.MODEL_SOURCE));
    assertEquals(1_000L, load.attributes.get(TraceNames.MODEL_SIZE_BYTES));
    assertEquals("estimated", load.attributes.get(TraceNames.MODEL_SIZE_METHOD));
    assertTrue(load.nanosAgo > 0, "the load began when the request arrived: " + load.nanosAgo);
    RecordingTracing.Recorded tokenize = first.only(TraceNames.TOKENIZE);
    assertEquals(2L, tokenize.attributes.get(TraceNames.TEXTS));
    assertEquals("m", tokenize.attributes.get(TraceNames.MODEL_NAME));
    assertEquals(
        (long) "short".length() + "a longer text".length(),
        tokenize.attributes.get(TraceNames.TOKENS));
    RecordingTracing.Recorded run = first.only(TraceNames.INFERENCE_RUN);
    assertEquals(2L, run.attributes.get(TraceNames.BATCH_SIZE));
    assertEquals(2L * "a longer text".length(), run.attributes.get(TraceNames.PADDED_TOKENS));
    assertEquals(1L, run.attributes.get(TraceNames.BATCH_REQUESTS));
    assertEquals(List.of(), run.links);
    assertEndedOnce(first);

    RecordingTracing.Trace second = tracing.trace("second");
    assertEquals(
        List.of(TraceNames.TOKENIZE, TraceNames.QUEUE_WAIT, TraceNames.INFERENCE_RUN),
        second.names(),
        "a loaded model: no load step");
    assertEndedOnce(second);
  }

  @Test
  void aRunServingSeveralRequestsIsInEachTraceAndLinkedToTheOthers() throws Exception {
    Predictor predictor = predictor(8);
    List<Future<Prediction>> requests = new ArrayList<>();
    requests.add(
        clients.submit(
            () -> {
              tracing.label("holder");
              return predictor.predict(ModelId.of("m"), List.of("holds the runner"));
            }));
    assertTrue(models.firstRunStarted.await(10, TimeUnit.SECONDS));
    for (String name : List.of("a", "b", "c")) {
      requests.add(
          clients.submit(
              () -> {
                tracing.label(name);
                return predictor.predict(ModelId.of("m"), List.of("text of " + name));
              }));
    }
    Await.until("three requests are queued", Await.LIMIT, () -> batcher.stats().queuedTexts() == 3);
    models.gate.countDown();
    for (Future<Prediction> request : requests) {
      request.get(10, TimeUnit.SECONDS);
    }

    for (String name : List.of("a", "b", "c")) {
      RecordingTracing.Trace trace = tracing.trace(name);
      RecordingTracing.Recorded run = trace.only(TraceNames.INFERENCE_RUN);
      assertEquals(3L, run.attributes.get(TraceNames.BATCH_REQUESTS), trace.toString());
      assertEquals(3L, run.attributes.get(TraceNames.BATCH_SIZE));
      assertEquals(1L, run.attributes.get(TraceNames.TEXTS));
      List<String> others = new ArrayList<>(List.of("a", "b", "c"));
      others.remove(name);
      assertEquals(others, run.links.stream().sorted().toList(), trace.toString());
      assertNull(trace.only(TraceNames.QUEUE_WAIT).failure);
      assertEndedOnce(trace);
    }
    assertEndedOnce(tracing.trace("holder"));
  }

  @Test
  void aLoadThatFailsIsAFailedLoadStep() {
    models.ungated();
    Predictor predictor = predictor(8);
    tracing.label("missing");
    assertThrows(
        ModelNotFoundException.class, () -> predictor.predict(ModelId.of("nope"), List.of("x")));
    RecordingTracing.Trace trace = tracing.trace("missing");
    assertEquals(List.of(TraceNames.MODEL_LOAD), trace.names());
    assertInstanceOf(ModelNotFoundException.class, trace.only(TraceNames.MODEL_LOAD).failure);
    assertEndedOnce(trace);
  }

  @Test
  void untracedRequestsRecordNothing() {
    models.ungated();
    batcher = new Batcher(BatchingOptions.defaults(1), Ticker.system());
    Predictor predictor = new Predictor(cache, batcher, ResponseCache.disabled(), Ticker.system());
    predictor.predict(ModelId.of("m"), List.of("x"));
    assertTrue(tracing.traces.isEmpty());
  }
}
