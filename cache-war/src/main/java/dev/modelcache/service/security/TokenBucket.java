package dev.modelcache.service.security;

/**
 * A token bucket holding at most {@code burst} tokens and gaining {@code perSecond} a second, kept
 * as one number in whole nanoseconds (the generic cell rate algorithm): {@code full} is when the
 * bucket would be full again. Each token moves it one interval ({@code 1 / perSecond}) later, and a
 * request is let through while {@code full} is at most {@code burst - 1} intervals ahead of now.
 * Integer arithmetic, so waiting exactly the advertised time always suffices.
 *
 * <p>{@link #tryTake} needs a whole token; {@link #charge} takes any number and may leave the
 * bucket in debt, which later requests wait out. Not thread-safe: {@link RateLimiter} changes it
 * only inside its cache's atomic {@code compute} for the bucket's caller.
 */
final class TokenBucket {
  private final long interval;
  private final long tolerance;
  private long full;

  TokenBucket(double perSecond, int burst, long nowNanos) {
    this.interval = Math.max(1, Math.round(1e9 / perSecond));
    this.tolerance = (burst - 1) * interval;
    this.full = nowNanos;
  }

  /**
   * Takes one token if there is one.
   *
   * @return 0 if taken, else the nanoseconds until one will be there
   */
  long tryTake(long nowNanos) {
    long wait = full - tolerance - nowNanos;
    if (wait > 0) {
      return wait;
    }
    full = Math.max(full, nowNanos) + interval;
    return 0;
  }

  /** Takes {@code n} tokens whatever is left; the balance may go negative. */
  void charge(long nowNanos, int n) {
    full = Math.max(full, nowNanos) + n * interval;
  }

  /**
   * Nanoseconds until the bucket is full again (0 if it is), when forgetting it changes nothing.
   */
  long nanosUntilFull(long nowNanos) {
    return Math.max(0, full - nowNanos);
  }
}
