package dev.modelcache.service.lifecycle;

import dev.modelcache.api.ShuttingDownException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The requests in progress, and whether new ones are still taken: serving, then (after SIGTERM)
 * stopping but still taking them, then refusing them while those already taken finish.
 *
 * <p>Thread-safe. Entering and leaving cost an atomic increment and decrement and a volatile read;
 * the lock is taken only to wait for idleness and to wake that wait. A request that checked the
 * state just before {@link #refuseNew} is counted and waited for, never lost: it enters, then
 * checks again, and backs out if refusing began meanwhile.
 */
public final class Drain {
  /** Where the service is on its way out. */
  public enum State {
    /** Taking requests. */
    SERVING,
    /** Told to stop: readiness is down, requests are still taken while load balancers notice. */
    STOPPING,
    /** Refusing new requests (503) while those taken finish. */
    REFUSING
  }

  private final long retryAfterSeconds;
  private final AtomicInteger inProgress = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition idle = lock.newCondition();
  private volatile State state = State.SERVING;

  /**
   * @param retryAfterSeconds the {@code Retry-After} of a refusal, {@code >= 1}
   */
  public Drain(long retryAfterSeconds) {
    if (retryAfterSeconds < 1) {
      throw new IllegalArgumentException("retryAfterSeconds must be >= 1: " + retryAfterSeconds);
    }
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /**
   * Takes a request, counted until its permit is closed.
   *
   * @throws ShuttingDownException once new requests are refused
   */
  public Permit enter() {
    if (state == State.REFUSING) {
      throw refusal();
    }
    inProgress.incrementAndGet();
    if (state == State.REFUSING) {
      leave();
      throw refusal();
    }
    return new Permit();
  }

  /** SIGTERM came: requests are still taken; {@link #state} tells the front door. */
  public void stopping() {
    if (state == State.SERVING) {
      state = State.STOPPING;
    }
  }

  /** From now on every {@link #enter} is refused; the requests already in keep their places. */
  public void refuseNew() {
    state = State.REFUSING;
  }

  /**
   * Waits until no request is in progress, at most {@code limit}.
   *
   * @return whether none is in progress
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitIdle(Duration limit) throws InterruptedException {
    long nanos = limit.toNanos();
    lock.lock();
    try {
      while (inProgress.get() > 0) {
        if (nanos <= 0) {
          return false;
        }
        nanos = idle.awaitNanos(nanos);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  public State state() {
    return state;
  }

  /** Requests taken and not yet finished. */
  public int inProgress() {
    return inProgress.get();
  }

  /** Requests refused since refusing began. */
  public long refused() {
    return refused.get();
  }

  private ShuttingDownException refusal() {
    refused.incrementAndGet();
    return new ShuttingDownException(
        "the service is shutting down and takes no new requests; retry in "
            + retryAfterSeconds
            + " s (another instance, behind a load balancer)",
        retryAfterSeconds);
  }

  private void leave() {
    if (inProgress.decrementAndGet() == 0) {
      lock.lock();
      try {
        idle.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** One request's place; closing it more than once gives it back once. Not thread-safe. */
  public final class Permit implements AutoCloseable {
    private boolean closed;

    private Permit() {}

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        leave();
      }
    }
  }
}
