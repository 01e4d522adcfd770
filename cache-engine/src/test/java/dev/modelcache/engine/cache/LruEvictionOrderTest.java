package dev.modelcache.engine.cache;

import static dev.modelcache.engine.cache.FakeCaches.loaded;
import static dev.modelcache.engine.cache.FakeCaches.use;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LruEvictionOrderTest {
  private final FakeLoader loader = new FakeLoader();
  private final FakeTicker ticker = new FakeTicker();

  private void step() {
    ticker.advance(Duration.ofSeconds(1));
  }

  @Test
  void evictsTheLeastRecentlyUsedModelWhenTheCountIsFull() {
    loader.declare("a", 10).declare("b", 10).declare("c", 10).declare("d", 10);
    ModelCache cache = FakeCaches.create(loader, ticker, 3, 1_000);
    for (String name : List.of("a", "b", "c", "a")) {
      use(cache, name);
      step();
    }

    use(cache, "d");

    assertEquals(List.of("a", "c", "d"), loaded(cache));
    assertEquals(1L, cache.stats().evictions().get(RemovalCause.EVICTED_COUNT));
    assertEquals(1, closesOf("b"));
  }

  @Test
  void evictsBySizeInRecencyOrderUntilTheNewModelFits() {
    loader.declare("a", 40).declare("b", 40).declare("c", 20).declare("big", 70);
    ModelCache cache = FakeCaches.create(loader, ticker, 10, 100);
    for (String name : List.of("a", "b", "c")) {
      use(cache, name);
      step();
    }

    use(cache, "big");

    // a (oldest) then b had to go: 20 + 70 <= 100, while 40 + 20 + 70 > 100.
    assertEquals(List.of("big", "c"), loaded(cache));
    assertEquals(2L, cache.stats().evictions().get(RemovalCause.EVICTED_SIZE));
    assertEquals(90, cache.stats().usedBytes());
  }

  @Test
  void aRecentHitProtectsAModelFromEviction() {
    loader.declare("a", 10).declare("b", 10).declare("c", 10);
    ModelCache cache = FakeCaches.create(loader, ticker, 2, 1_000);
    use(cache, "a");
    step();
    use(cache, "b");
    step();
    use(cache, "a");
    step();

    use(cache, "c");

    assertEquals(List.of("a", "c"), loaded(cache));
  }

  @Test
  void pinnedModelsAreNeverEvictedEvenWhenLeastRecentlyUsed() {
    loader.declare("pinned", 10).declare("b", 10).declare("c", 10).declare("d", 10);
    ModelCache cache = FakeCaches.create(loader, ticker, 2, 1_000);
    cache.preload(ModelId.of("pinned"), true);
    step();
    for (String name : List.of("b", "c", "d")) {
      use(cache, name);
      step();
    }

    assertEquals(List.of("d", "pinned"), loaded(cache));
    assertTrue(cache.stats().models().stream().anyMatch(m -> m.pinned()));
    assertEquals(0, closesOf("pinned"));
  }

  @Test
  void unpinnedModelsBecomeEvictableAgain() {
    loader.declare("a", 10).declare("b", 10);
    ModelCache cache = FakeCaches.create(loader, ticker, 1, 1_000);
    cache.preload(ModelId.of("a"), true);
    assertTrue(cache.unpin(ModelId.of("a")));
    step();

    use(cache, "b");

    assertEquals(List.of("b"), loaded(cache));
    assertFalse(cache.unpin(ModelId.of("a")));
  }

  @Test
  void preloadDoesNotCountAsARequestButRefreshesRecency() {
    loader.declare("a", 10).declare("b", 10).declare("c", 10);
    ModelCache cache = FakeCaches.create(loader, ticker, 2, 1_000);
    use(cache, "a");
    step();
    use(cache, "b");
    step();
    assertTrue(cache.preload(ModelId.of("a"), false));
    step();

    use(cache, "c");

    assertEquals(List.of("a", "c"), loaded(cache));
    CacheStats stats = cache.stats();
    assertEquals(3, stats.missCount());
    assertEquals(0, stats.hitCount());
  }

  private int closesOf(String name) {
    return loader.created.stream()
        .filter(m -> m.id.equals(ModelId.of(name)))
        .mapToInt(m -> m.closes.get())
        .sum();
  }
}
