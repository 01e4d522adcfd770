package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.api.ModelNotFoundException;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.ModelLoader;
import dev.modelcache.engine.model.ModelTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loader of models that exist only as sizes, for cache mechanics. Each model is declared with its
 * estimated and its "measured" size; the cache runs with {@code MemoryProbe.unavailable()} or with
 * a probe that reports the declared growth, so the charged bytes are known in advance.
 */
final class FakeLoader implements ModelLoader {
  final Map<ModelId, Long> estimates = new ConcurrentHashMap<>();
  final Map<ModelId, RuntimeException> failures = new ConcurrentHashMap<>();
  final Map<ModelId, AtomicInteger> loads = new ConcurrentHashMap<>();
  final Map<ModelId, Long> measuredSizes = new ConcurrentHashMap<>();
  final List<FakeModel> created = java.util.Collections.synchronizedList(new ArrayList<>());
  volatile CountDownLatch gate = new CountDownLatch(0);
  volatile FakeProbe probe;
  volatile Runnable onLoad = () -> {};
  final Map<ModelId, java.time.Duration> loadTimes = new ConcurrentHashMap<>();
  volatile FakeTicker ticker;

  FakeLoader declare(String name, long bytes) {
    return declare(name, bytes, bytes);
  }

  /**
   * A model estimated at {@code estimate} whose load grows the fake resident set by {@code
   * measured}.
   */
  FakeLoader declare(String name, long estimate, long measured) {
    ModelId id = ModelId.of(name);
    estimates.put(id, estimate);
    measuredSizes.put(id, measured);
    return this;
  }

  int loadCount(String name) {
    AtomicInteger count = loads.get(ModelId.of(name));
    return count == null ? 0 : count.get();
  }

  @Override
  public long estimateBytes(ModelId id) {
    Long estimate = estimates.get(id);
    if (estimate == null) {
      throw new ModelNotFoundException(
          id, estimates.keySet().stream().map(ModelId::toString).sorted().toList());
    }
    return estimate;
  }

  @Override
  public LoadedModel load(ModelId id) {
    estimateBytes(id);
    loads.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    onLoad.run();
    java.time.Duration loadTime = loadTimes.get(id);
    if (loadTime != null && ticker != null) {
      ticker.advance(loadTime);
    }
    try {
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    RuntimeException failure = failures.get(id);
    if (failure != null) {
      throw failure;
    }
    FakeModel model = new FakeModel(id, measuredSizes.get(id));
    if (probe != null) {
      probe.grow(model.bytes);
    }
    created.add(model);
    return model;
  }

  static ModelLoadException corrupt(String name) {
    return new ModelLoadException(ModelId.of(name), "model.onnx is not a loadable ONNX model");
  }

  /** A model that answers with its own name and fails loudly if used after close. */
  static final class FakeModel implements LoadedModel {
    final ModelId id;
    final long bytes;
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger usedAfterClose = new AtomicInteger();
    private volatile boolean closed;

    FakeModel(ModelId id, long bytes) {
      this.id = id;
      this.bytes = bytes;
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
    public List<Inference> predict(List<String> texts) {
      if (closed) {
        usedAfterClose.incrementAndGet();
        throw new IllegalStateException("model '" + id + "' was used after it was closed");
      }
      List<Inference> out = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        out.add(new Classification(id.name(), 1f, Map.of(id.name(), 1f), new float[] {0f}));
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
      closes.incrementAndGet();
      closed = true;
    }
  }
}
