package dev.modelcache.engine.model;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.Ticker;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A remote source that remembers for a while which names it does not have, so that a client asking
 * again and again for a name the Hub or the registry does not know (a typo in a service's settings,
 * or names made up on purpose) costs one request to that server per {@code ttl}, not one per
 * request. Without it, a thousand requests a second for an unknown name are a thousand requests a
 * second to the Hub, whose rate limit then refuses the downloads of real models too.
 *
 * <p>Only "not here" is remembered: a model that was found is not, and a failure (a server error, a
 * timeout, a corrupt download) is thrown again on the next call. At most {@code capacity} names are
 * remembered; past that the oldest go first. Thread-safe: concurrent calls for the same unknown
 * name may each ask the server once, and {@link #locate} of the wrapped source is never called
 * under this object's lock.
 */
public final class RememberedMisses implements ModelSource {
  /** Names remembered at most, unless another capacity is given. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final ModelSource source;
  private final long ttlNanos;
  private final int capacity;
  private final Ticker ticker;
  private final Map<ModelId, Long> expiries = new LinkedHashMap<>();
  private long answeredFromMemory;

  /**
   * @param source the remote source asked when a name is not remembered
   * @param ttl how long a miss is remembered, {@code > 0}
   * @param capacity the most names remembered, {@code > 0}
   * @param ticker the clock that times {@code ttl}
   */
  public RememberedMisses(ModelSource source, Duration ttl, int capacity, Ticker ticker) {
    this.source = Objects.requireNonNull(source, "source");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be > 0: " + ttl);
    }
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be > 0: " + capacity);
    }
    this.ttlNanos = ttl.toNanos();
    this.capacity = capacity;
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  @Override
  public Optional<ModelFiles> locate(ModelId id) {
    synchronized (this) {
      Long expiry = expiries.get(id);
      if (expiry != null) {
        if (ticker.read() - expiry < 0) {
          answeredFromMemory++;
          return Optional.empty();
        }
        expiries.remove(id);
      }
    }
    Optional<ModelFiles> files = source.locate(id);
    synchronized (this) {
      if (files.isPresent()) {
        expiries.remove(id);
      } else {
        remember(id);
      }
    }
    return files;
  }

  /** Caller holds this object's lock. */
  private void remember(ModelId id) {
    long now = ticker.read();
    expiries.remove(id);
    if (expiries.size() >= capacity) {
      expiries.values().removeIf(expiry -> now - expiry >= 0);
    }
    Iterator<ModelId> oldest = expiries.keySet().iterator();
    while (expiries.size() >= capacity) {
      oldest.next();
      oldest.remove();
    }
    expiries.put(id, now + ttlNanos);
  }

  /**
   * Forgets a remembered miss, so that the next {@link #locate} of {@code id} asks the source: for
   * an operator's explicit request (a preload after uploading the model).
   */
  public synchronized void forget(ModelId id) {
    expiries.remove(id);
  }

  /** How many calls were answered "not here" from memory, without asking the source. */
  public synchronized long answeredFromMemory() {
    return answeredFromMemory;
  }

  /** How many names are remembered now (expired ones included until they are next touched). */
  public synchronized int remembered() {
    return expiries.size();
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
