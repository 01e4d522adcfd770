package dev.modelcache.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelCacheException;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.ModelLoader;
import dev.modelcache.engine.inference.OnnxModelLoader;
import dev.modelcache.engine.memory.MemoryProbe;
import dev.modelcache.engine.model.LocalDirectorySource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Sixteen threads, five real tiny ONNX models, a budget that fits two: random predictions, preloads
 * (some pinned), unpins, unloads and clears, while a monitor checks the cache's invariants on every
 * snapshot. Afterwards: no request ran on a closed session, every request succeeded or failed with
 * a typed error, and every model ever loaded was freed on close.
 */
class ConcurrentCacheStressTest {
  private static final int THREADS = 16;
  private static final int OPERATIONS_PER_THREAD = 150;
  private static final List<ModelId> MODELS =
      IntStream.rangeClosed('a', 'e').mapToObj(c -> ModelId.of("tiny-" + (char) c)).toList();

  @Test
  void invariantsHoldUnderConcurrentPredictPreloadUnloadAndClear() throws Exception {
    RecordingLoader loader =
        new RecordingLoader(
            new OnnxModelLoader(
                new LocalDirectorySource(Fixtures.tinyModels()),
                InferenceOptions.DEFAULTS
                    .withBatchSize(4)
                    .withWarmupTokens(16)
                    .withIntraOpThreads(1)));
    List<Long> sizes = MODELS.stream().map(loader::estimateBytes).sorted().toList();
    long budget = sizes.get(sizes.size() - 1) + sizes.get(sizes.size() - 2);
    assertTrue(sizes.get(0) * 3 > budget, "the budget must fit two models, not three");
    ModelCache cache =
        new ModelCache(
            loader,
            CacheConfig.builder()
                .maxModels(5)
                .maxMemoryBytes(budget)
                .memoryProbe(MemoryProbe.unavailable())
                .build());

    Queue<String> violations = new ConcurrentLinkedQueue<>();
    Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    AtomicLong requests = new AtomicLong();
    AtomicBoolean running = new AtomicBoolean(true);
    Thread monitor =
        new Thread(() -> watch(cache, budget, running, violations), "invariant-monitor");
    monitor.start();

    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      SplittableRandom random = new SplittableRandom(42 + t);
      workers.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < OPERATIONS_PER_THREAD; i++) {
                  String outcome = operate(cache, random, requests);
                  outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
                  if (outcome.startsWith("UNTYPED")) {
                    violations.add(outcome);
                  }
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> worker : workers) {
      worker.get(120, TimeUnit.SECONDS);
    }
    running.set(false);
    monitor.join();
    pool.shutdown();

    CacheStats stats = cache.stats();
    cache.close();
    System.out.printf(
        "stress: %s; hits %d, misses %d, loads %d, rejected %d, evictions %s, closed %d%n",
        outcomes,
        stats.hitCount(),
        stats.missCount(),
        stats.loadSuccessCount(),
        stats.rejectedCount(),
        stats.evictions(),
        cache.stats().closedCount());

    assertTrue(violations.isEmpty(), () -> "violations: " + List.copyOf(violations));
    assertEquals(
        THREADS * OPERATIONS_PER_THREAD,
        outcomes.values().stream().mapToLong(AtomicLong::get).sum());
    assertEquals(
        requests.get(), stats.hitCount() + stats.missCount(), "every request counted once");
    assertTrue(stats.evictionCount() > 0, "the budget must have forced evictions");
    assertTrue(loader.loaded.stream().allMatch(LoadedModel::isClosed), "a model leaked past close");
    assertEquals(loader.loaded.size(), cache.stats().closedCount());
  }

  private static String operate(ModelCache cache, SplittableRandom random, AtomicLong requests) {
    ModelId model = MODELS.get(random.nextInt(MODELS.size()));
    int dice = random.nextInt(100);
    try {
      if (dice < 75) {
        requests.incrementAndGet();
        try (ModelLease lease = cache.acquire(model)) {
          int texts = 1 + random.nextInt(3);
          List<String> batch = new ArrayList<>();
          for (int i = 0; i < texts; i++) {
            batch.add("request " + random.nextInt(1000) + " about the weather");
          }
          if (lease.predict(batch).size() != texts) {
            return "UNTYPED wrong result count";
          }
          return "predict";
        }
      } else if (dice < 83) {
        cache.preload(model, random.nextInt(4) == 0);
        return "preload";
      } else if (dice < 90) {
        cache.unpin(model);
        return "unpin";
      } else if (dice < 96) {
        cache.unload(model);
        return "unload";
      } else {
        cache.clear();
        return "clear";
      }
    } catch (ModelCacheException typed) {
      return typed.kind().code();
    } catch (RuntimeException untyped) {
      return "UNTYPED " + untyped;
    }
  }

  private static void watch(
      ModelCache cache, long budget, AtomicBoolean running, Queue<String> violations) {
    long snapshots = 0;
    while (running.get() || snapshots == 0) {
      CacheStats s = cache.stats();
      snapshots++;
      long charged = s.models().stream().mapToLong(m -> m.footprint().bytes()).sum();
      if (charged != s.usedBytes()) {
        violations.add("used " + s.usedBytes() + " != sum of models " + charged);
      }
      if (s.loadsInFlight() == 0 && s.usedBytes() > budget) {
        violations.add("over budget with no load in flight: " + s.usedBytes() + " > " + budget);
      }
      if (s.usedBytes() + s.reservedBytes() > budget) {
        violations.add("used + reserved over budget: " + s.usedBytes() + " + " + s.reservedBytes());
      }
      if (s.modelsLoaded() > s.maxModels() || s.loadsInFlight() > 1) {
        violations.add(
            "count out of bounds: " + s.modelsLoaded() + " loaded, " + s.loadsInFlight());
      }
      Thread.onSpinWait();
    }
  }

  /** Remembers every model it loaded, to check none is left open after the cache closes. */
  private static final class RecordingLoader implements ModelLoader {
    private final ModelLoader delegate;
    final Queue<LoadedModel> loaded = new ConcurrentLinkedQueue<>();

    RecordingLoader(ModelLoader delegate) {
      this.delegate = delegate;
    }

    @Override
    public long estimateBytes(ModelId id) {
      return delegate.estimateBytes(id);
    }

    @Override
    public LoadedModel load(ModelId id) {
      LoadedModel model = delegate.load(id);
      loaded.add(model);
      return model;
    }
  }
}
