package dev.modelcache.service.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.modelcache.api.RateLimitedException;
import dev.modelcache.engine.cache.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * One token bucket per caller ({@link Caller#bucket()}: an API key, or a client address when
 * authentication is off). Every request takes one token before it is read; a batch is then charged
 * one more token per further text, so a batch of n texts costs n tokens and may leave its bucket in
 * debt rather than be refused after the fact.
 *
 * <p>Memory is bounded by a Caffeine cache of at most {@code maxBuckets} buckets. A bucket expires
 * when it has filled up again (forgetting it then changes nothing); past the bound, Caffeine's
 * eviction (Window TinyLFU) drops the buckets of rarely seen callers, which gives such a caller a
 * fresh bucket. Both cost O(1) per request however many callers there are, so a flood of new client
 * addresses does not slow every request down, and frequent callers keep their buckets through it.
 *
 * <p>Thread-safe: each bucket changes inside the cache's atomic {@code compute} for its caller, so
 * requests of different callers do not wait for each other. Time is read from the injected {@link
 * Ticker}, which is also Caffeine's.
 */
public final class RateLimiter {
  private final double perSecond;
  private final int burst;
  private final Ticker ticker;
  private final Cache<String, TokenBucket> buckets;

  /**
   * @param perSecond tokens each bucket gains a second; 0 switches rate limiting off
   * @param burst the most tokens a bucket holds (the largest burst), {@code >= 1}
   * @param maxBuckets the most callers remembered, {@code >= 1}
   * @param ticker the clock, in nanoseconds
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
    this.ticker = ticker;
    this.buckets =
        Caffeine.newBuilder()
            .maximumSize(maxBuckets)
            .expireAfter(new UntilFull())
            .ticker(ticker::read)
            .executor(Runnable::run)
            .build();
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
    long[] waitNanos = new long[1];
    buckets
        .asMap()
        .compute(
            bucket,
            (name, known) -> {
              long now = ticker.read();
              TokenBucket b = known != null ? known : new TokenBucket(perSecond, burst, now);
              waitNanos[0] = b.tryTake(now);
              return b;
            });
    if (waitNanos[0] > 0) {
      long seconds =
          Math.max(1, (long) Math.ceil(waitNanos[0] / (double) TimeUnit.SECONDS.toNanos(1)));
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
    buckets
        .asMap()
        .compute(
            bucket,
            (name, known) -> {
              long now = ticker.read();
              TokenBucket b = known != null ? known : new TokenBucket(perSecond, burst, now);
              b.charge(now, tokens);
              return b;
            });
  }

  /** Buckets remembered now, after dropping the expired and the surplus ones. */
  public int size() {
    buckets.cleanUp();
    return (int) buckets.estimatedSize();
  }

  /** A bucket is kept until it is full again; reads do not change that. */
  private static final class UntilFull implements Expiry<String, TokenBucket> {
    @Override
    public long expireAfterCreate(String name, TokenBucket bucket, long now) {
      return bucket.nanosUntilFull(now);
    }

    @Override
    public long expireAfterUpdate(String name, TokenBucket bucket, long now, long current) {
      return bucket.nanosUntilFull(now);
    }

    @Override
    public long expireAfterRead(String name, TokenBucket bucket, long now, long current) {
      return current;
    }
  }
}
