package dev.modelcache.engine.cache;

import dev.modelcache.engine.memory.MemoryProbe;
import java.time.Clock;
import java.util.Objects;

/**
 * The cache's limits and collaborators. Immutable; build with {@link #builder()}.
 *
 * @param maxModels most models held at once ({@code MODEL_CACHE_MAX_MODELS}, default 5), {@code >=
 *     1}
 * @param maxMemoryBytes memory budget in bytes ({@code MODEL_CACHE_MAX_MEMORY_MB}, default 2048
 *     MiB), {@code >= 1}
 * @param policy chooses eviction victims
 * @param admissionRule may refuse an admission that would thrash
 * @param ticker nanosecond time for recency and load durations
 * @param clock wall time for the timestamps in statistics and events
 * @param memoryProbe reads the resident set to measure what each load costs
 * @param listener receives load, eviction and close events
 */
public record CacheConfig(
    int maxModels,
    long maxMemoryBytes,
    EvictionPolicy policy,
    AdmissionRule admissionRule,
    Ticker ticker,
    Clock clock,
    MemoryProbe memoryProbe,
    CacheListener listener) {

  public static final int DEFAULT_MAX_MODELS = 5;
  public static final long DEFAULT_MAX_MEMORY_BYTES = 2048L * 1024 * 1024;

  public CacheConfig {
    if (maxModels < 1) {
      throw new IllegalArgumentException("maxModels must be >= 1: " + maxModels);
    }
    if (maxMemoryBytes < 1) {
      throw new IllegalArgumentException("maxMemoryBytes must be >= 1: " + maxMemoryBytes);
    }
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(admissionRule, "admissionRule");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(memoryProbe, "memoryProbe");
    Objects.requireNonNull(listener, "listener");
  }

  /**
   * A builder holding the defaults: 5 models, 2048 MiB, LRU, admit all, system time, RSS from
   * /proc.
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CacheConfig}; not thread-safe. */
  public static final class Builder {
    private int maxModels = DEFAULT_MAX_MODELS;
    private long maxMemoryBytes = DEFAULT_MAX_MEMORY_BYTES;
    private EvictionPolicy policy = EvictionPolicy.lru();
    private AdmissionRule admissionRule = AdmissionRule.admitAll();
    private Ticker ticker = Ticker.system();
    private Clock clock = Clock.systemUTC();
    private MemoryProbe memoryProbe = MemoryProbe.procStatus();
    private CacheListener listener = CacheListener.none();

    private Builder() {}

    public Builder maxModels(int value) {
      this.maxModels = value;
      return this;
    }

    public Builder maxMemoryBytes(long value) {
      this.maxMemoryBytes = value;
      return this;
    }

    public Builder maxMemoryMb(long megabytes) {
      return maxMemoryBytes(megabytes * 1024 * 1024);
    }

    public Builder policy(EvictionPolicy value) {
      this.policy = value;
      return this;
    }

    public Builder admissionRule(AdmissionRule value) {
      this.admissionRule = value;
      return this;
    }

    public Builder ticker(Ticker value) {
      this.ticker = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder memoryProbe(MemoryProbe value) {
      this.memoryProbe = value;
      return this;
    }

    public Builder listener(CacheListener value) {
      this.listener = value;
      return this;
    }

    public CacheConfig build() {
      return new CacheConfig(
          maxModels, maxMemoryBytes, policy, admissionRule, ticker, clock, memoryProbe, listener);
    }
  }
}
