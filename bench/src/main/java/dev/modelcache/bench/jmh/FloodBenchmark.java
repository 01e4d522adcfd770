package dev.modelcache.bench.jmh;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.RateLimitedException;
import dev.modelcache.engine.model.ModelFiles;
import dev.modelcache.engine.model.ModelSource;
import dev.modelcache.engine.model.RememberedMisses;
import dev.modelcache.service.security.RateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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

/**
 * The cost of one request under a flood of new keys, for the two bounded maps whose keys callers
 * choose: the rate limiter's buckets (one per client address when authentication is off) and the
 * remembered misses (one per model name asked for). Each operation brings a key not seen for a long
 * time (a ring of 4 × {@code capacity} keys), into a structure already full ({@code capacity} keys
 * put in at set-up), so every operation makes room. Flat across {@code capacity} means O(1) per
 * request; a cost that grows with it means each request scans.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FloodBenchmark {
  @Param({"1000", "10000", "100000"})
  public int capacity;

  private RateLimiter limiter;
  private RememberedMisses misses;
  private long next;

  @Setup(Level.Trial)
  public void fill() {
    // 0.001 requests/s: no bucket fills up again during the run, so none expires to make room.
    limiter = new RateLimiter(0.001, 1, capacity, System::nanoTime);
    misses = new RememberedMisses(new Nowhere(), Duration.ofHours(1), capacity, System::nanoTime);
    for (next = 0; next < capacity; next++) {
      limiter.acquire("client " + next);
      misses.locate(ModelId.of("made-up/name-" + next));
    }
  }

  @Benchmark
  public boolean rateLimiterNewAddress() {
    try {
      limiter.acquire("client " + next++);
      return true;
    } catch (RateLimitedException e) {
      return false; // a new key is never refused; here only for safety
    }
  }

  @Benchmark
  public Optional<ModelFiles> rememberedMissesNewName() {
    return misses.locate(ModelId.of("made-up/name-" + next++));
  }

  /** A source that has nothing. */
  private static final class Nowhere implements ModelSource {
    @Override
    public Optional<ModelFiles> locate(ModelId id) {
      return Optional.empty();
    }

    @Override
    public List<ModelId> available() {
      return List.of();
    }

    @Override
    public String describe() {
      return "nowhere";
    }
  }
}
