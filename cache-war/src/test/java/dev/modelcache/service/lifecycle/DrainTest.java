package dev.modelcache.service.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ErrorKind;
import dev.modelcache.api.ShuttingDownException;
import dev.modelcache.engine.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What {@link Drain} takes, refuses and waits for, alone and under concurrent requests. */
class DrainTest {
  private final Drain drain = new Drain(1);

  @Test
  void requestsAreTakenWhileServingAndStoppingAndRefusedAfter() {
    Drain.Permit serving = drain.enter();
    drain.stopping();
    Drain.Permit stopping = drain.enter();
    assertEquals(Drain.State.STOPPING, drain.state());
    assertEquals(2, drain.inProgress());
    stopping.close();
    drain.refuseNew();

    ShuttingDownException refused = assertThrows(ShuttingDownException.class, drain::enter);

    assertEquals(ErrorKind.SHUTTING_DOWN, refused.kind());
    assertEquals(1, refused.retryAfter().getAsLong());
    assertEquals(1, drain.inProgress(), "the request taken before keeps its place");
    serving.close();
    assertEquals(0, drain.inProgress());
    assertEquals(1, drain.refused());
  }

  @Test
  void aPermitClosedTwiceIsGivenBackOnce() {
    Drain.Permit first = drain.enter();
    Drain.Permit second = drain.enter();

    first.close();
    first.close();

    assertEquals(1, drain.inProgress());
    second.close();
    assertEquals(0, drain.inProgress());
  }

  @Test
  void awaitIdleReturnsWhenTheLastRequestFinishesAndTimesOutWhileOneRuns() throws Exception {
    assertTrue(drain.awaitIdle(Duration.ZERO), "idle at once with nothing in progress");
    Drain.Permit running = drain.enter();
    drain.refuseNew();
    assertFalse(drain.awaitIdle(Duration.ofMillis(20)), "one still runs");

    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> idle = waiter.submit(() -> drain.awaitIdle(Duration.ofSeconds(30)));
      running.close();

      assertTrue(idle.get(30, TimeUnit.SECONDS));
    } finally {
      waiter.shutdownNow();
    }
  }

  /**
   * Eight threads enter and leave as fast as they can while refusing begins: every request either
   * was refused or was taken and counted until it left, awaitIdle returns only at zero, and no
   * request is taken after it returned.
   */
  @Test
  void underConcurrentRequestsNoneIsTakenUncountedAndIdleMeansNoneRuns() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch started = new CountDownLatch(threads);
    AtomicLong taken = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger takenAfterIdle = new AtomicInteger();
    AtomicInteger idleSeen = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  started.countDown();
                  while (true) {
                    Drain.Permit permit;
                    try {
                      permit = drain.enter();
                    } catch (ShuttingDownException e) {
                      refused.incrementAndGet();
                      return null;
                    }
                    if (idleSeen.get() > 0) {
                      takenAfterIdle.incrementAndGet();
                    }
                    running.incrementAndGet();
                    taken.incrementAndGet();
                    running.decrementAndGet();
                    permit.close();
                  }
                }));
      }
      assertTrue(started.await(30, TimeUnit.SECONDS));
      Await.until("100,000 requests taken", Await.LIMIT, () -> taken.get() >= 100_000);
      drain.refuseNew();
      assertTrue(drain.awaitIdle(Duration.ofSeconds(30)));
      idleSeen.set(1);
      assertEquals(0, running.get(), "idle while a request ran");
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(0, takenAfterIdle.get());
    assertEquals(threads, refused.get(), "each thread's last try was refused");
    assertEquals(threads, drain.refused());
    assertEquals(0, drain.inProgress());
  }
}
