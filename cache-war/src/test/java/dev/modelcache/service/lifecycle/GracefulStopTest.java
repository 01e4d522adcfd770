package dev.modelcache.service.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ShuttingDownException;
import dev.modelcache.engine.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order of a stop, with the grace's pause held open by the test: readiness down at once,
 * requests still taken through the grace, refused after it, the exit only once the requests taken
 * are done (or the drain time is over), and a second signal exits at once.
 */
class GracefulStopTest {
  private final Drain drain = new Drain(1);
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final CountDownLatch graceEntered = new CountDownLatch(1);
  private final CountDownLatch graceOver = new CountDownLatch(1);
  private final CountDownLatch exited = new CountDownLatch(1);
  private final ExecutorService signalThread = Executors.newSingleThreadExecutor();

  private GracefulStop stop(Duration drainTime) {
    return new GracefulStop(
        new StopSettings(Duration.ofSeconds(5), drainTime),
        drain,
        () -> events.add("readiness down"),
        time -> {
          events.add("grace " + time.toSeconds() + " s");
          graceEntered.countDown();
          assertTrue(graceOver.await(30, TimeUnit.SECONDS));
        },
        status -> {
          events.add("exit " + status + " with " + drain.inProgress() + " in progress");
          exited.countDown();
        });
  }

  @AfterEach
  void close() {
    graceOver.countDown();
    signalThread.shutdownNow();
  }

  @Test
  void readinessGoesDownAtOnceRequestsAreTakenThroughTheGraceAndTheExitWaitsForThem()
      throws Exception {
    GracefulStop stop = stop(Duration.ofSeconds(30));
    Drain.Permit before = drain.enter();

    Future<?> signal = signalThread.submit(stop::onSignal);
    assertTrue(graceEntered.await(30, TimeUnit.SECONDS));
    assertEquals(List.of("readiness down", "grace 5 s"), events);
    Drain.Permit duringGrace = drain.enter();
    assertEquals(Drain.State.STOPPING, drain.state());
    graceOver.countDown();
    Await.until("refusing", Await.LIMIT, () -> drain.state() == Drain.State.REFUSING);
    assertThrows(ShuttingDownException.class, drain::enter);
    assertFalse(exited.await(50, TimeUnit.MILLISECONDS), "two requests still run");
    before.close();
    duringGrace.close();
    signal.get(30, TimeUnit.SECONDS);

    assertEquals(List.of("readiness down", "grace 5 s", "exit 143 with 0 in progress"), events);
  }

  @Test
  void theExitComesAfterTheDrainTimeWhenARequestDoesNotFinish() throws Exception {
    GracefulStop stop = stop(Duration.ofMillis(50));
    drain.enter(); // never closed
    graceOver.countDown();

    signalThread.submit(stop::onSignal).get(30, TimeUnit.SECONDS);

    assertEquals("exit 143 with 1 in progress", events.get(events.size() - 1));
  }

  @Test
  void aSecondSignalExitsAtOnce() throws Exception {
    GracefulStop stop = stop(Duration.ofSeconds(30));
    signalThread.submit(stop::onSignal);
    assertTrue(graceEntered.await(30, TimeUnit.SECONDS));

    stop.onSignal();

    assertTrue(exited.await(30, TimeUnit.SECONDS));
    assertEquals("exit 143 with 0 in progress", events.get(events.size() - 1));
  }
}
