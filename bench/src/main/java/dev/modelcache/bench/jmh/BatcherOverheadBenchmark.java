package dev.modelcache.bench.jmh;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.batching.Batcher;
import dev.modelcache.engine.batching.BatchingOptions;
import dev.modelcache.engine.cache.CacheConfig;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.ModelLoader;
import dev.modelcache.engine.model.ModelTask;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the batcher adds to one request on an idle model: a lease, tokenisation and a run called
 * directly, against the same through {@link Batcher#submit} (queue, hand-off to a runner thread and
 * back). {@code noop} is a model that answers instantly, so its difference is the batcher's whole
 * overhead; {@code spam-detector} shows it beside a real run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BatcherOverheadBenchmark {
  private static final List<Inference> ANSWER =
      List.of(new Classification("A", 1f, Map.of("A", 1f), new float[] {1f}));

  @Param({"noop", BenchModels.SPAM})
  public String model;

  private ModelCache cache;
  private Batcher batcher;
  private ModelId id;
  private List<String> text;

  @Setup(Level.Trial)
  public void start() {
    id = ModelId.of(model);
    ModelLoader loader = model.equals("noop") ? new NoopLoader() : BenchModels.loader();
    cache = new ModelCache(loader, CacheConfig.builder().build());
    batcher = new Batcher(BatchingOptions.defaults(0), Ticker.system());
    text = List.of(BenchModels.SENTENCES.get(5));
    cache.preload(id, true);
  }

  @TearDown(Level.Trial)
  public void stop() {
    batcher.close();
    cache.close();
  }

  @Benchmark
  public List<Inference> direct() {
    try (ModelLease lease = cache.acquire(id)) {
      return lease.run(lease.encode(text));
    }
  }

  @Benchmark
  public List<Inference> throughBatcher() {
    return batcher.submit(cache.acquire(id), text, System.nanoTime() + 60_000_000_000L);
  }

  /** Loads models that answer at once. */
  private static final class NoopLoader implements ModelLoader {
    @Override
    public long estimateBytes(ModelId id) {
      return 1;
    }

    @Override
    public LoadedModel load(ModelId id) {
      return new LoadedModel() {
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
          return ANSWER;
        }

        @Override
        public long weightBytes() {
          return 1;
        }

        @Override
        public boolean isClosed() {
          return false;
        }

        @Override
        public void close() {}
      };
    }
  }
}
