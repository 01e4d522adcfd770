package dev.modelcache.engine.cache;

import static dev.modelcache.engine.cache.FakeCaches.loaded;
import static dev.modelcache.engine.cache.FakeCaches.use;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaseLifecycleTest {
  private static final ModelId A = ModelId.of("a");
  private final FakeLoader loader = new FakeLoader().declare("a", 10).declare("b", 10);
  private final FakeTicker ticker = new FakeTicker();
  private final ModelCache cache = FakeCaches.create(loader, ticker, 1, 1_000);

  @Test
  void anEvictedModelStaysOpenUntilItsLastLeaseCloses() {
    ModelLease lease = cache.acquire(A);
    ticker.advance(Duration.ofSeconds(1));

    use(cache, "b");

    assertFalse(cache.isLoaded(A), "evicted from lookup at once");
    assertEquals(10, cache.stats().usedBytes(), "and from accounting at once");
    FakeLoader.FakeModel a = loader.created.get(0);
    assertFalse(a.isClosed(), "but its session stays open for the running request");
    assertEquals(1, lease.predict(List.of("still works")).size());

    lease.close();

    assertTrue(a.isClosed());
    assertEquals(1, cache.stats().closedCount());
    assertEquals(0, a.usedAfterClose.get());
  }

  @Test
  void unloadAndClearDuringInferenceLetRunningRequestsFinish() {
    ModelLease first = cache.acquire(A);
    ModelLease second = cache.acquire(A);

    assertEquals(1, cache.clear());
    assertTrue(loaded(cache).isEmpty());
    assertEquals(1, first.predict(List.of("x")).size());
    first.close();
    assertFalse(loader.created.get(0).isClosed(), "one lease is still open");
    second.predict(List.of("y"));
    second.close();

    assertTrue(loader.created.get(0).isClosed());
    assertFalse(cache.unload(A), "already gone");
  }

  @Test
  void closingALeaseTwiceReleasesOnce() {
    ModelLease lease = cache.acquire(A);
    ModelLease other = cache.acquire(A);

    lease.close();
    lease.close();

    assertEquals(1, cache.stats().models().get(0).activeLeases());
    other.close();
  }

  @Test
  void aClosedLeaseCannotRunTheModel() {
    ModelLease lease = cache.acquire(A);
    lease.close();

    assertThrows(IllegalStateException.class, () -> lease.predict(List.of("x")));
  }

  @Test
  void unloadRemovesEvenAPinnedModel() {
    cache.preload(A, true);

    assertEquals(0, cache.clear(), "clear keeps pinned models");
    assertTrue(cache.unload(A));

    assertEquals(1L, cache.stats().evictions().get(RemovalCause.EXPLICIT));
    assertTrue(loader.created.get(0).isClosed());
  }

  @Test
  void statisticsCountHitsMissesRequestsAndTexts() {
    use(cache, "a");
    use(cache, "a");
    try (ModelLease lease = cache.acquire(A)) {
      lease.predict(List.of("1", "2", "3"));
    }

    CacheStats stats = cache.stats();
    assertEquals(2, stats.hitCount());
    assertEquals(1, stats.missCount());
    assertEquals(2.0 / 3, stats.hitRate(), 1e-9);
    ModelStats a = stats.models().get(0);
    assertEquals(3, a.requestCount());
    assertEquals(5, a.inferenceCount());
    assertEquals(FakeCaches.EPOCH, a.loadedAt());
  }

  @Test
  void aClosedCacheRefusesRequestsAndFreesEverything() {
    cache.preload(A, true);

    cache.close();

    assertTrue(loader.created.get(0).isClosed());
    assertThrows(IllegalStateException.class, () -> cache.acquire(A));
  }
}
