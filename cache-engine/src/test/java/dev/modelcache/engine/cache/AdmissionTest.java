package dev.modelcache.engine.cache;

import static dev.modelcache.engine.cache.FakeCaches.loaded;
import static dev.modelcache.engine.cache.FakeCaches.use;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ErrorKind;
import dev.modelcache.api.InsufficientMemoryException;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.api.ModelNotFoundException;
import dev.modelcache.engine.memory.MemoryFootprint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionTest {
  private final FakeLoader loader = new FakeLoader();
  private final FakeTicker ticker = new FakeTicker();

  private ModelCache cacheWith(int maxModels, long budget, String... names) {
    ModelCache cache = FakeCaches.create(loader, ticker, maxModels, budget);
    for (String name : names) {
      use(cache, name);
      ticker.advance(Duration.ofSeconds(1));
    }
    return cache;
  }

  @Test
  void aModelLargerThanTheBudgetIsRefusedBeforeAnythingIsEvicted() {
    loader.declare("a", 40).declare("b", 40).declare("huge", 150);
    ModelCache cache = cacheWith(5, 100, "a", "b");

    InsufficientMemoryException e =
        assertThrows(InsufficientMemoryException.class, () -> use(cache, "huge"));

    assertEquals(ErrorKind.INSUFFICIENT_MEMORY, e.kind());
    assertEquals(150, e.requiredBytes());
    assertEquals(100, e.availableBytes());
    assertEquals(List.of("a", "b"), loaded(cache));
    assertEquals(0, cache.stats().evictionCount());
    assertEquals(1, cache.stats().rejectedCount());
    assertEquals(0, loader.loadCount("huge"), "refused on its estimate, never loaded");
  }

  @Test
  void aModelThatFitsOnlyWithoutThePinnedModelsIsRefused() {
    loader.declare("pinned", 60).declare("b", 30).declare("c", 50);
    ModelCache cache = cacheWith(5, 100);
    cache.preload(ModelId.of("pinned"), true);
    use(cache, "b");

    assertThrows(InsufficientMemoryException.class, () -> use(cache, "c"));

    assertEquals(List.of("b", "pinned"), loaded(cache));
  }

  @Test
  void aMeasuredSizeAboveTheEstimateEvictsMoreOnceMeasured() {
    loader.declare("a", 40).declare("b", 40).declare("grows", 10, 50);
    ModelCache cache = cacheWith(5, 100, "a", "b");

    use(cache, "grows");

    assertEquals(List.of("b", "grows"), loaded(cache));
    CacheStats stats = cache.stats();
    assertEquals(90, stats.usedBytes());
    ModelStats grows = stats.models().get(1);
    assertEquals(50, grows.footprint().bytes());
    assertEquals(MemoryFootprint.Method.MEASURED, grows.footprint().method());
  }

  @Test
  void aMeasuredSizeThatCannotFitIsRefusedAndTheNewModelFreed() {
    loader.declare("pinned", 60).declare("grows", 10, 50);
    ModelCache cache = cacheWith(5, 100);
    cache.preload(ModelId.of("pinned"), true);

    assertThrows(InsufficientMemoryException.class, () -> use(cache, "grows"));

    assertEquals(List.of("pinned"), loaded(cache));
    assertTrue(loader.created.get(1).isClosed());
    CacheStats stats = cache.stats();
    assertEquals(60, stats.usedBytes());
    assertEquals(0, stats.reservedBytes());
    assertEquals(0, stats.loadsInFlight());
  }

  @Test
  void aModelRefusedForItsMeasuredSizeIsRefusedUpFrontWhenAskedAgain() {
    loader.declare("grows", 10, 150);
    ModelCache cache = cacheWith(5, 100);

    assertThrows(InsufficientMemoryException.class, () -> use(cache, "grows"));
    InsufficientMemoryException again =
        assertThrows(InsufficientMemoryException.class, () -> use(cache, "grows"));

    assertEquals(1, loader.loadCount("grows"), "the retry is judged on the measurement");
    assertTrue(again.getMessage().contains("measured at an earlier load"), again.getMessage());
    assertEquals(0, cache.stats().usedBytes());
  }

  @Test
  void theMeasuredSizeOfAnEarlierLoadMakesRoomBeforeTheReload() {
    loader.declare("a", 40).declare("grows", 10, 70);
    ModelCache cache = cacheWith(5, 100, "grows", "a");
    assertEquals(List.of("a"), loaded(cache), "a (40) pushed grows (70) out");
    List<String> loadedDuringReload = new java.util.ArrayList<>();
    loader.onLoad = () -> loadedDuringReload.addAll(loaded(cache));

    use(cache, "grows");

    assertEquals(List.of(), loadedDuringReload, "a was evicted before the load, not after it");
    assertEquals(List.of("grows"), loaded(cache));
  }

  @Test
  void whenEverySlotIsPinnedNewModelsAreRefused() {
    loader.declare("p1", 10).declare("p2", 10).declare("c", 10);
    ModelCache cache = cacheWith(2, 1_000);
    cache.preload(ModelId.of("p1"), true);
    cache.preload(ModelId.of("p2"), true);

    InsufficientMemoryException e =
        assertThrows(InsufficientMemoryException.class, () -> use(cache, "c"));

    assertTrue(e.getMessage().contains("slots"), e.getMessage());
    assertEquals(List.of("p1", "p2"), loaded(cache));
  }

  @Test
  void aCorruptModelIsNotCachedAndHoldsNoBudget() {
    loader.declare("a", 40).declare("corrupt", 30);
    loader.failures.put(ModelId.of("corrupt"), FakeLoader.corrupt("corrupt"));
    ModelCache cache = cacheWith(5, 100, "a");

    assertThrows(ModelLoadException.class, () -> use(cache, "corrupt"));
    assertThrows(ModelLoadException.class, () -> use(cache, "corrupt"));

    CacheStats stats = cache.stats();
    assertEquals(List.of("a"), loaded(cache));
    assertEquals(40, stats.usedBytes());
    assertEquals(0, stats.reservedBytes());
    assertEquals(2, stats.loadFailureCount());
    assertEquals(2, loader.loadCount("corrupt"), "failures are not cached: each request retries");
  }

  @Test
  void anUnknownModelIsNotFoundAndNamesTheModelsThatExist() {
    loader.declare("a", 10).declare("b", 10);
    ModelCache cache = cacheWith(5, 100);

    ModelNotFoundException e =
        assertThrows(ModelNotFoundException.class, () -> use(cache, "missing"));

    assertEquals(List.of("a", "b"), e.available());
    assertEquals(0, cache.stats().loadFailureCount());
    assertEquals(1, cache.stats().missCount());
  }
}
