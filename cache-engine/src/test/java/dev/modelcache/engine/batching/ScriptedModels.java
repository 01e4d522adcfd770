package dev.modelcache.engine.batching;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelNotFoundException;
import dev.modelcache.engine.cache.CacheConfig;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.ModelLoader;
import dev.modelcache.engine.memory.MemoryProbe;
import dev.modelcache.engine.model.ModelTask;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loader of scripted models for the batcher's mechanics: each answers a text with a label equal
 * to the text, records every run (model and texts) in one shared log in execution order, and can
 * hold its first run at a gate so that tests build queues behind a busy runner without sleeping.
 */
final class ScriptedModels implements ModelLoader {
  /** Every run of every model, in the order the runners made them. */
  final List<Run> runs = Collections.synchronizedList(new ArrayList<>());

  final Set<ModelId> quantized = ConcurrentHashMap.newKeySet();
  final Map<ModelId, AtomicInteger> loads = new ConcurrentHashMap<>();
  final List<ScriptedModel> created = Collections.synchronizedList(new ArrayList<>());

  /** Released by the test; the first run of any model waits for it. */
  final CountDownLatch gate = new CountDownLatch(1);

  /** Counted down when the first run reached the gate. */
  final CountDownLatch firstRunStarted = new CountDownLatch(1);

  private final AtomicInteger runCount = new AtomicInteger();
  private final Set<String> known;

  ScriptedModels(String... names) {
    this.known = Set.of(names);
  }

  /** The gate is open from the start: no run waits. */
  ScriptedModels ungated() {
    gate.countDown();
    return this;
  }

  ModelCache cache(Ticker ticker) {
    return cache(ticker, 10);
  }

  /** A cache over these models holding at most {@code maxModels} at once. */
  ModelCache cache(Ticker ticker, int maxModels) {
    return new ModelCache(
        this,
        CacheConfig.builder()
            .maxModels(maxModels)
            .maxMemoryBytes(1_000_000)
            .ticker(ticker)
            .memoryProbe(MemoryProbe.unavailable())
            .build());
  }

  /** Runs under way now, and the most there ever were at once. */
  final AtomicInteger running = new AtomicInteger();

  final AtomicInteger mostRunning = new AtomicInteger();

  /**
   * One runtime call: which model, which texts in the batch's order, and the thread that ran it.
   */
  record Run(ModelId model, List<String> texts, String thread) {}

  @Override
  public long estimateBytes(ModelId id) {
    if (!known.contains(id.toString())) {
      throw new ModelNotFoundException(id, List.copyOf(known));
    }
    return 1_000;
  }

  @Override
  public LoadedModel load(ModelId id) {
    estimateBytes(id);
    loads.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    ScriptedModel model = new ScriptedModel(id, quantized.contains(id));
    created.add(model);
    return model;
  }

  @Override
  public String sourceOf(ModelId id) {
    return "scripted:" + id;
  }

  /** Runs of one model, in order. */
  List<Run> runsOf(String model) {
    synchronized (runs) {
      return runs.stream().filter(r -> r.model().toString().equals(model)).toList();
    }
  }

  final class ScriptedModel implements LoadedModel {
    final ModelId id;
    final boolean dynamicallyQuantized;
    final AtomicInteger usedAfterClose = new AtomicInteger();
    private volatile boolean closed;

    ScriptedModel(ModelId id, boolean dynamicallyQuantized) {
      this.id = id;
      this.dynamicallyQuantized = dynamicallyQuantized;
    }

    @Override
    public ModelId id() {
      return id;
    }

    @Override
    public ModelTask task() {
      return ModelTask.SEQUENCE_CLASSIFICATION;
    }

    @Override
    public boolean dynamicallyQuantized() {
      return dynamicallyQuantized;
    }

    @Override
    public List<Inference> predict(List<String> texts) {
      if (closed) {
        usedAfterClose.incrementAndGet();
        throw new IllegalStateException("model '" + id + "' was used after it was closed");
      }
      mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        return answer(texts);
      } finally {
        running.decrementAndGet();
      }
    }

    private List<Inference> answer(List<String> texts) {
      if (runCount.getAndIncrement() == 0) {
        firstRunStarted.countDown();
        try {
          if (!gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never opened the gate");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      runs.add(new Run(id, List.copyOf(texts), Thread.currentThread().getName()));
      List<Inference> out = new ArrayList<>(texts.size());
      for (String text : texts) {
        out.add(new Classification(text, 1f, Map.of(text, 1f), new float[] {0f}));
      }
      return out;
    }

    @Override
    public long weightBytes() {
      return 1;
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
