package dev.modelcache.service.security;

import dev.modelcache.api.OverloadedException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The most requests served at once. A request that finds every permit taken is refused at once
 * (503, retry after a second): nothing queues here. Thread-safe.
 */
public final class ConcurrencyLimit {
  private static final int RETRY_AFTER_SECONDS = 1;

  private final int max;
  private final Semaphore permits;

  /**
   * @param max the most requests at once; 0 means no limit
   */
  public ConcurrencyLimit(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max must be >= 0 (0 = no limit): " + max);
    }
    this.max = max;
    this.permits = new Semaphore(max);
  }

  /**
   * Takes a permit; close it when the request is done (closing twice is harmless).
   *
   * @throws OverloadedException if every permit is taken
   */
  public Permit acquire() {
    if (max == 0) {
      return Permit.UNLIMITED;
    }
    if (!permits.tryAcquire()) {
      throw new OverloadedException(
          "the service is serving its limit of "
              + max
              + " concurrent requests (MODEL_CACHE_MAX_CONCURRENT_REQUESTS); retry shortly",
          RETRY_AFTER_SECONDS);
    }
    return new Permit(permits);
  }

  /** The limit; 0 means none. */
  public int max() {
    return max;
  }

  /** Permits taken now. */
  public int inUse() {
    return max - permits.availablePermits();
  }

  /** One request's place; released once, by the first {@link #close()}. */
  public static final class Permit implements AutoCloseable {
    /** The permit of a limit of 0 (no limit): holds nothing, so one instance serves all. */
    static final Permit UNLIMITED = new Permit(null);

    private final Semaphore owner;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(Semaphore owner) {
      this.owner = owner;
    }

    @Override
    public void close() {
      if (owner != null && released.compareAndSet(false, true)) {
        owner.release();
      }
    }
  }
}
