package dev.modelcache.engine.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.model.RememberedMisses;
import dev.modelcache.engine.model.fake.FakeHub;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real Hub source behind {@link RememberedMisses}, against the fake Hub: a name the Hub does
 * not know costs one model-info request per minute however often it is asked for; a model uploaded
 * meanwhile is found once the minute is over; a server error is never remembered.
 */
class HubMissesAreRememberedTest {
  private static final Duration TTL = Duration.ofMinutes(1);
  private static final String MISSING = "acme/not-yet";

  @TempDir Path cache;
  private FakeHub hub;
  private final AtomicLong now = new AtomicLong();
  private RememberedMisses source;

  @BeforeEach
  void start() throws IOException {
    hub = FakeHub.start();
    source =
        new RememberedMisses(
            new HubSource(HubDownloadTest.settings(hub, cache)), TTL, 100, now::get);
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void anUnknownNameAsked100TimesCostsOneRequestUntilTheMinuteIsOver() throws IOException {
    for (int i = 0; i < 100; i++) {
      assertTrue(source.locate(ModelId.of(MISSING)).isEmpty());
    }
    assertEquals(1, hub.infoRequests(MISSING));
    assertEquals(99, source.answeredFromMemory());

    hub.addRepo(MISSING, Fixtures.tinyModels().resolve("tiny-a"));
    now.addAndGet(TTL.toNanos() - 1);
    assertTrue(source.locate(ModelId.of(MISSING)).isEmpty(), "still remembered");
    assertEquals(1, hub.infoRequests(MISSING));

    now.addAndGet(1);
    assertTrue(source.locate(ModelId.of(MISSING)).isPresent(), "found after the minute");
    assertEquals(2, hub.infoRequests(MISSING));
    assertEquals(0, source.remembered());
  }

  @Test
  void aServerErrorIsThrownAgainOnEveryCall() {
    hub.faults().status("info:" + MISSING, 500);
    for (int i = 0; i < 3; i++) {
      assertThrows(ModelLoadException.class, () -> source.locate(ModelId.of(MISSING)));
    }
    assertEquals(3, hub.infoRequests(MISSING));
    assertEquals(0, source.remembered());
  }
}
