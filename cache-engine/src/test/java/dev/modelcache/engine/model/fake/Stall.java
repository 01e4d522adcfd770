package dev.modelcache.engine.model.fake;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A download that stops after a number of bytes: the handler sends them, flushes, signals {@link
 * #awaitReached}, and holds the connection open until {@link #release()} (or the server closes).
 */
public final class Stall {
  private final long afterBytes;
  private final CountDownLatch reached = new CountDownLatch(1);
  private final Gate gate = new Gate();

  Stall(long afterBytes) {
    this.afterBytes = afterBytes;
  }

  /** How many bytes are sent before the stall. */
  public long afterBytes() {
    return afterBytes;
  }

  /** Waits until a client has received the bytes before the stall; says whether one did. */
  public boolean awaitReached(Duration limit) throws InterruptedException {
    return reached.await(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets the stalled handler finish its response. */
  public void release() {
    gate.open();
  }

  void reached() {
    reached.countDown();
  }

  Gate gate() {
    return gate;
  }
}
