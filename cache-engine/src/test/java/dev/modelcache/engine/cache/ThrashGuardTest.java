package dev.modelcache.engine.cache;

import static dev.modelcache.engine.cache.FakeCaches.loaded;
import static dev.modelcache.engine.cache.FakeCaches.use;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.InsufficientMemoryException;
import dev.modelcache.api.ModelId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The anti-thrash admission rule, through a real cache with fake models and time. */
class ThrashGuardTest {
  private final FakeLoader loader = new FakeLoader();
  private final FakeTicker ticker = new FakeTicker();

  private ModelCache cache(boolean refuse, int maxRefusals) {
    return FakeCaches.create(
        loader,
        ticker,
        10,
        100,
        EvictionPolicy.lru(),
        AdmissionRule.thrashGuard(Duration.ofSeconds(30), refuse, maxRefusals));
  }

  private void declare(String name, long bytes, long loadMillis) {
    loader.declare(name, bytes);
    loader.loadTimes.put(ModelId.of(name), Duration.ofMillis(loadMillis));
  }

  @Test
  void evictingAModelLoadedMomentsAgoIsRefusedThenAdmittedSoNothingStarves() {
    declare("a", 60, 100);
    declare("b", 60, 100);
    ModelCache cache = cache(true, 2);
    use(cache, "a");
    ticker.advance(Duration.ofSeconds(1));

    assertThrows(InsufficientMemoryException.class, () -> use(cache, "b"));
    InsufficientMemoryException second =
        assertThrows(InsufficientMemoryException.class, () -> use(cache, "b"));
    assertTrue(second.getMessage().contains("thrash-guard"), second.getMessage());
    use(cache, "b"); // third time in a row: admitted, never starved

    assertEquals(List.of("b"), loaded(cache));
    ChurnStats churn = cache.stats().churn();
    assertEquals(3, churn.thrashRiskCount());
    assertEquals(2, churn.thrashRefusedCount());
    assertEquals(2, cache.stats().rejectedCount());
  }

  @Test
  void afterTheMinimumResidencyAColdNewcomerIsAdmitted() {
    declare("a", 60, 100);
    declare("b", 60, 100);
    ModelCache cache = cache(true, 2);
    use(cache, "a");
    ticker.advance(Duration.ofMinutes(1));

    use(cache, "b");

    assertEquals(List.of("b"), loaded(cache));
    assertEquals(
        0, cache.stats().churn().thrashRiskCount(), "a never-loaded model gets the benefit");
  }

  @Test
  void aReloadThatWouldEvictModelsWorthMoreIsFlaggedAndAdmittedWhenSoConfigured() {
    declare("big", 90, 100); // cheap to reload
    declare("hot", 50, 5_000); // expensive to reload, used a lot
    ModelCache cache = cache(false, 0);
    use(cache, "big");
    ticker.advance(Duration.ofMinutes(1));
    use(cache, "hot"); // evicts big (never-loaded newcomer is admitted)
    for (int i = 0; i < 10; i++) {
      use(cache, "hot");
    }
    ticker.advance(Duration.ofMinutes(1));

    use(cache, "big"); // worth 2 x 100 ms against hot's 11 x 5 s: risky, admitted anyway

    assertEquals(List.of("big"), loaded(cache));
    assertEquals(1, cache.stats().churn().thrashRiskCount());
    assertEquals(0, cache.stats().churn().thrashRefusedCount());
    assertEquals(1, cache.stats().churn().reloadCount());
  }

  @Test
  void churnStatisticsMeasureMissLatencyEvictionAgeAndIdleTime() {
    declare("a", 60, 2_000);
    declare("b", 60, 3_000);
    ModelCache cache = FakeCaches.create(loader, ticker, 10, 100);
    use(cache, "a"); // loaded at t0 + 2 s
    ticker.advance(Duration.ofSeconds(10));
    use(cache, "a"); // last use at +12 s
    ticker.advance(Duration.ofSeconds(5));

    use(cache, "b"); // evicts a at +17 s: age 15 s, idle 5 s

    ChurnStats churn = cache.stats().churn();
    assertEquals(2, churn.missLatencyCount());
    assertEquals(2.5e9, churn.averageMissLatencyNanos(), 1);
    assertEquals(3e9, churn.missLatencyMaxNanos(), 1);
    assertEquals(1, churn.evictionCount());
    assertEquals(15e9, churn.averageEvictionAgeNanos(), 1);
    assertEquals(5e9, churn.averageEvictionIdleNanos(), 1);
    assertEquals(120, churn.bytesLoadedLastHour());
    ticker.advance(Duration.ofMinutes(61));
    assertEquals(0, cache.stats().churn().bytesLoadedLastHour());
  }
}
