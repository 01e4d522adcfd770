package dev.modelcache.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.inference.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What {@link RememberedMisses} remembers, for how long, how many, and under concurrent calls. */
class RememberedMissesTest {
  private static final Duration TTL = Duration.ofSeconds(30);

  /** Has the names in {@code present}; counts every call per name. */
  private static final class CountingSource implements ModelSource {
    final Set<ModelId> present = ConcurrentHashMap.newKeySet();
    final ConcurrentHashMap<ModelId, AtomicLong> calls = new ConcurrentHashMap<>();
    volatile RuntimeException failure;

    @Override
    public Optional<ModelFiles> locate(ModelId id) {
      calls.computeIfAbsent(id, k -> new AtomicLong()).incrementAndGet();
      if (failure != null) {
        throw failure;
      }
      return present.contains(id)
          ? new LocalDirectorySource(Fixtures.tinyModels()).locate(ModelId.of("tiny-a"))
          : Optional.empty();
    }

    long calls(String name) {
      AtomicLong n = calls.get(ModelId.of(name));
      return n == null ? 0 : n.get();
    }

    @Override
    public List<ModelId> available() {
      return List.of();
    }

    @Override
    public String describe() {
      return "counting";
    }
  }

  private final CountingSource source = new CountingSource();
  private final AtomicLong now = new AtomicLong(-5_000);

  @Test
  void aMissIsRememberedForTheTtlAndAFoundModelNever() {
    RememberedMisses misses = new RememberedMisses(source, TTL, 10, now::get);
    source.present.add(ModelId.of("here"));

    for (int i = 0; i < 5; i++) {
      assertTrue(misses.locate(ModelId.of("gone")).isEmpty());
      assertTrue(misses.locate(ModelId.of("here")).isPresent());
    }
    assertEquals(1, source.calls("gone"));
    assertEquals(5, source.calls("here"));
    assertEquals(4, misses.answeredFromMemory());

    now.addAndGet(TTL.toNanos());
    assertTrue(misses.locate(ModelId.of("gone")).isEmpty());
    assertEquals(2, source.calls("gone"), "asked again once the ttl is over");
  }

  @Test
  void aForgottenMissIsAskedAgainAtOnce() {
    RememberedMisses misses = new RememberedMisses(source, TTL, 10, now::get);
    misses.locate(ModelId.of("uploaded"));
    source.present.add(ModelId.of("uploaded"));
    assertTrue(misses.locate(ModelId.of("uploaded")).isEmpty(), "remembered");

    misses.forget(ModelId.of("uploaded"));

    assertTrue(misses.locate(ModelId.of("uploaded")).isPresent());
    assertEquals(2, source.calls("uploaded"));
  }

  @Test
  void aFailureIsThrownEveryTimeAndNotRemembered() {
    RememberedMisses misses = new RememberedMisses(source, TTL, 10, now::get);
    source.failure = new IllegalStateException("503 from the server");

    for (int i = 0; i < 3; i++) {
      assertThrows(IllegalStateException.class, () -> misses.locate(ModelId.of("flaky")));
    }
    assertEquals(3, source.calls("flaky"));
    assertEquals(0, misses.remembered());
  }

  @Test
  void atMostCapacityNamesAreRemembered() {
    RememberedMisses misses = new RememberedMisses(source, TTL, 3, now::get);
    for (String name : List.of("m1", "m2", "m3", "m4", "m5")) {
      misses.locate(ModelId.of(name));
    }

    assertEquals(3, misses.remembered());
  }

  /**
   * 100,000 made-up names, each asked for once, through the default capacity: each is asked of the
   * source once, the memory never passes its bound, and a name asked for all along (a typo in a
   * client's settings) stays remembered through the flood. What it costs per call is in
   * docs/performance.md (FloodBenchmark).
   */
  @Test
  void aFloodOfMadeUpNamesStaysBoundedAndAFrequentMissStaysRemembered() {
    int capacity = RememberedMisses.DEFAULT_CAPACITY;
    RememberedMisses misses = new RememberedMisses(source, TTL, capacity, now::get);
    ModelId typo = ModelId.of("acme/spam-detecter");
    int largest = 0;

    for (int i = 0; i < 100_000; i++) {
      assertTrue(misses.locate(ModelId.of("made-up/name-" + i)).isEmpty());
      if (i % 50 == 0) {
        assertTrue(misses.locate(typo).isEmpty());
      }
      if (i % 10_000 == 9_999) {
        largest = Math.max(largest, misses.remembered());
      }
    }

    assertEquals(1, source.calls(typo.toString()), "asked once, then always remembered");
    assertEquals(1_999, misses.answeredFromMemory());
    assertEquals(1, source.calls("made-up/name-99999"));
    assertTrue(largest <= capacity, "remembered " + largest);
    assertTrue(largest > capacity / 2, "the bound is used, not a much smaller one: " + largest);
  }

  @Test
  void expiredNamesMakeRoomBeforeLiveOnesAreDropped() {
    RememberedMisses misses = new RememberedMisses(source, TTL, 2, now::get);
    misses.locate(ModelId.of("old"));
    now.addAndGet(TTL.toNanos() / 2);
    misses.locate(ModelId.of("live"));
    now.addAndGet(TTL.toNanos() / 2);
    misses.locate(ModelId.of("new"));

    misses.locate(ModelId.of("live"));
    assertEquals(1, source.calls("live"), "the expired name went, not the live one");
  }

  @Test
  void sixteenThreadsOnFourNamesKeepTheCountsExact() throws Exception {
    RememberedMisses misses = new RememberedMisses(source, TTL, 100, now::get);
    List<String> names = List.of("a", "b", "c", "d");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < 16; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 1000; i++) {
                    misses.locate(ModelId.of(names.get((thread + i) % names.size())));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long asked = names.stream().mapToLong(source::calls).sum();
    // Each name is asked for at least once; concurrent first calls may each ask, but no more
    // than one per thread; every other call is answered from memory.
    assertTrue(asked >= names.size() && asked <= 16L * names.size(), "asked " + asked);
    assertEquals(16_000, asked + misses.answeredFromMemory());
    assertEquals(names.size(), misses.remembered());
  }
}
