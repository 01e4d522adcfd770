package dev.modelcache.engine.model.fake;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A point a fake server's handler waits at until the test (or closing the server) opens it. */
public final class Gate {
  private final CountDownLatch open = new CountDownLatch(1);

  /** Lets every waiting and future handler through. */
  public void open() {
    open.countDown();
  }

  /** Whether {@link #open()} was called. */
  public boolean isOpen() {
    return open.getCount() == 0;
  }

  /** Waits until open, at most {@code limit}; says whether it opened. */
  boolean await(Duration limit) {
    try {
      return open.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
