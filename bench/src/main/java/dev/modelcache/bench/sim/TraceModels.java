package dev.modelcache.bench.sim;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.ModelLoader;
import dev.modelcache.engine.memory.MemoryProbe;
import dev.modelcache.engine.model.ModelTask;
import java.util.List;
import java.util.OptionalLong;

/**
 * Fakes that let the real {@link dev.modelcache.engine.cache.ModelCache} replay a trace exactly: a
 * ticker that moves only when told, a resident set that grows by exactly what a load declares, and
 * a loader whose models exist only as sizes. With them a load takes exactly the access's load time
 * and is charged exactly its size ({@code MEASURED}: the resident-set growth, never below the
 * 1-byte weight floor). Not thread-safe: for one single-threaded replay.
 */
final class TraceModels {
  private TraceModels() {}

  /** Nanosecond time that moves only by {@link #advance}. */
  static final class ManualTicker implements Ticker {
    private long nanos;

    ManualTicker(long startNanos) {
      this.nanos = startNanos;
    }

    void advance(long deltaNanos) {
      nanos += deltaNanos;
    }

    @Override
    public long read() {
      return nanos;
    }
  }

  /** A resident set that grows and shrinks by the fake models' sizes. */
  static final class ResidentSet implements MemoryProbe {
    private long bytes = 1L << 30;

    @Override
    public OptionalLong residentBytes() {
      return OptionalLong.of(bytes);
    }
  }

  /**
   * Loads whichever access is being served: estimates its size, and on {@code load} advances the
   * ticker by its load time and grows the resident set by its size.
   */
  static final class Loader implements ModelLoader {
    private final ManualTicker ticker;
    private final ResidentSet residentSet;
    private Access serving;

    Loader(ManualTicker ticker, ResidentSet residentSet) {
      this.ticker = ticker;
      this.residentSet = residentSet;
    }

    /** The access the next request is for. */
    void serve(Access access) {
      this.serving = access;
    }

    @Override
    public long estimateBytes(ModelId id) {
      return current(id).bytes();
    }

    @Override
    public LoadedModel load(ModelId id) {
      Access access = current(id);
      ticker.advance(access.loadNanos());
      residentSet.bytes += access.bytes();
      return new SizedModel(id, access.bytes(), residentSet);
    }

    private Access current(ModelId id) {
      if (serving == null || !serving.model().equals(id)) {
        throw new IllegalStateException("asked for " + id + " while serving " + serving);
      }
      return serving;
    }
  }

  /** A model that is only a size; closing it gives the size back to the resident set. */
  private static final class SizedModel implements LoadedModel {
    private final ModelId id;
    private final long bytes;
    private final ResidentSet residentSet;
    private boolean closed;

    SizedModel(ModelId id, long bytes, ResidentSet residentSet) {
      this.id = id;
      this.bytes = bytes;
      this.residentSet = residentSet;
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
      throw new UnsupportedOperationException("a simulated model has no weights");
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
      if (!closed) {
        closed = true;
        residentSet.bytes -= bytes;
      }
    }
  }
}
