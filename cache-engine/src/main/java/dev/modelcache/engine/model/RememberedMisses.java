package dev.modelcache.engine.model;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.Ticker;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A remote source that remembers for a while which names it does not have, so that a client asking
 * again and again for a name the Hub or the registry does not know (a typo in a service's settings,
 * or names made up on purpose) costs one request to that server per {@code ttl}, not one per
 * request. Without it, a thousand requests a second for an unknown name are a thousand requests a
 * second to the Hub, whose rate limit then refuses the downloads of real models too.
 *
 * <p>Only "not here" is remembered: a model that was found is not, and a failure (a server error, a
 * timeout, a corrupt download) is thrown again on the next call. The names live in a Caffeine cache
 * of at most {@code capacity} entries that expire {@code ttl} after they were written; past the
 * bound, Caffeine's eviction (Window TinyLFU) drops rarely asked names first. Both cost O(1) per
 * call, so a flood of made-up names does not make every look-up slower, and the names asked for
 * often stay remembered through it.
 *
 * <p>Thread-safe: concurrent calls for the same unknown name may each ask the server once, and
 * {@link #locate} of the wrapped source is never called under a lock. Time is read from the
 * injected {@link Ticker}, which is Caffeine's.
 */
public final class RememberedMisses implements ModelSource {
  /** Names remembered at most, unless another capacity is given. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final ModelSource source;
  private final Cache<ModelId, Boolean> misses;
  private final LongAdder answeredFromMemory = new LongAdder();

  /**
   * @param source the remote source asked when a name is not remembered
   * @param ttl how long a miss is remembered, {@code > 0}
   * @param capacity the most names remembered, {@code > 0}
   * @param ticker the clock that times {@code ttl}, in nanoseconds
   */
  public RememberedMisses(ModelSource source, Duration ttl, int capacity, Ticker ticker) {
    this.source = Objects.requireNonNull(source, "source");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be > 0: " + ttl);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be > 0: " + capacity);
    }
    Objects.requireNonNull(ticker, "ticker");
    this.misses =
        Caffeine.newBuilder()
            .maximumSize(capacity)
            .expireAfterWrite(ttl)
            .ticker(ticker::read)
            .executor(Runnable::run)
            .build();
  }

  @Override
  public Optional<ModelFiles> locate(ModelId id) {
    if (misses.getIfPresent(id) != null) {
      answeredFromMemory.increment();
      return Optional.empty();
    }
    Optional<ModelFiles> files = source.locate(id);
    if (files.isPresent()) {
      misses.invalidate(id);
    } else {
      misses.put(id, Boolean.TRUE);
    }
    return files;
  }

  /**
   * Forgets a remembered miss, so that the next {@link #locate} of {@code id} asks the source: for
   * an operator's explicit request (a preload after uploading the model).
   */
  public void forget(ModelId id) {
    misses.invalidate(id);
  }

  /** How many calls were answered "not here" from memory, without asking the source. */
  public long answeredFromMemory() {
    return answeredFromMemory.sum();
  }

  /** How many names are remembered now, after dropping the expired and the surplus ones. */
  public int remembered() {
    misses.cleanUp();
    return (int) misses.estimatedSize();
  }

  @Override
  public List<ModelId> available() {
    return source.available();
  }

  @Override
  public String describe() {
    return source.describe();
  }
}
