package dev.modelcache.service.security;

import dev.modelcache.api.RateLimitedException;
import dev.modelcache.engine.cache.Ticker;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One token bucket per caller ({@link Caller#bucket()}: an API key, or a client address when
 * authentication is off). Every request takes one token before it is read; a batch is then charged
 * one more token per further text, so a batch of n texts costs n tokens and may leave its bucket in
 * debt rather than be refused after the fact.
 *
 * <p>Memory is bounded: at most {@code maxBuckets} buckets are kept. Buckets that have filled up
 * again are dropped first (forgetting them changes nothing); if all are in use, the least recently
 * used one is dropped, which gives that caller a fresh bucket. Keys are configured, so this bites
 * only with very many client addresses.
 *
 * <p>Thread-safe: one lock, held for a few arithmetic operations per request.
 */
public final class RateLimiter {
  private final double perSecond;
  private final int burst;
  private final int maxBuckets;
  private final Ticker ticker;
  private final LinkedHashMap<String, TokenBucket> buckets;

  /**
   * @param perSecond tokens each bucket gains a second; 0 switches rate limiting off
   * @param burst the most tokens a bucket holds (the largest burst), {@code >= 1}
   * @param maxBuckets the most callers remembered, {@code >= 1}
   * @param ticker the clock
   */
  public RateLimiter(double perSecond, int burst, int maxBuckets, Ticker ticker) {
    if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
      throw new IllegalArgumentException("perSecond must be >= 0 and finite: " + perSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1: " + burst);
    }
    if (maxBuckets < 1) {
      throw new IllegalArgumentException("maxBuckets must be >= 1: " + maxBuckets);
    }
    this.perSecond = perSecond;
    this.burst = burst;
    this.maxBuckets = maxBuckets;
    this.ticker = ticker;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** Whether requests are limited at all. */
  public boolean isOn() {
    return perSecond > 0;
  }

  /**
   * Takes one token from the caller's bucket.
   *
   * @throws RateLimitedException with the whole seconds until a token is there (at least 1)
   */
  public void acquire(String bucket) {
    if (!isOn()) {
      return;
    }
    long waitNanos;
    synchronized (buckets) {
      waitNanos = bucket(bucket).tryTake(ticker.read());
    }
    if (waitNanos > 0) {
      long seconds =
          Math.max(1, (long) Math.ceil(waitNanos / (double) TimeUnit.SECONDS.toNanos(1)));
      throw new RateLimitedException(
          "request rate exceeded for "
              + bucket
              + " ("
              + perSecond
              + " requests/s, bursts of "
              + burst
              + "); retry in "
              + seconds
              + " s",
          seconds);
    }
  }

  /** Takes {@code tokens} more from the caller's bucket, going into debt if need be. */
  public void charge(String bucket, int tokens) {
    if (!isOn() || tokens <= 0) {
      return;
    }
    synchronized (buckets) {
      bucket(bucket).charge(ticker.read(), tokens);
    }
  }

  /** Buckets remembered now. */
  public int size() {
    synchronized (buckets) {
      return buckets.size();
    }
  }

  private TokenBucket bucket(String name) {
    TokenBucket bucket = buckets.get(name);
    if (bucket == null) {
      long now = ticker.read();
      if (buckets.size() >= maxBuckets) {
        makeRoom(now);
      }
      bucket = new TokenBucket(perSecond, burst, now);
      buckets.put(name, bucket);
    }
    return bucket;
  }

  private void makeRoom(long now) {
    for (Iterator<TokenBucket> it = buckets.values().iterator(); it.hasNext(); ) {
      if (it.next().isFull(now)) {
        it.remove();
      }
    }
    if (buckets.size() >= maxBuckets) {
      Iterator<Map.Entry<String, TokenBucket>> eldest = buckets.entrySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }
}
