package dev.modelcache.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SingleFlightLoadTest {
  private static final int THREADS = 16;
  private static final ModelId MODEL = ModelId.of("org/shared");

  private final FakeLoader loader = new FakeLoader().declare("org/shared", 10);
  private final ExecutorService pool = Executors.newFixedThreadPool(THREADS);
  private final ModelCache cache = FakeCaches.create(loader, new FakeTicker(), 5, 1_000);

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
  }

  @Test
  void concurrentMissesOnOneModelShareOneLoad() throws Exception {
    loader.gate = new CountDownLatch(1);
    List<Future<ModelLease>> futures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      futures.add(pool.submit(() -> cache.acquire(MODEL)));
    }
    Await.until("every thread missed", Await.LIMIT, () -> cache.stats().missCount() == THREADS);
    loader.gate.countDown();

    List<ModelLease> leases = new ArrayList<>();
    for (Future<ModelLease> f : futures) {
      leases.add(f.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1, loader.loadCount("org/shared"));
    assertTrue(leases.stream().noneMatch(ModelLease::wasCached));
    CacheStats stats = cache.stats();
    assertEquals(1, stats.loadSuccessCount());
    assertEquals(THREADS, stats.missCount());
    assertEquals(THREADS, stats.models().get(0).activeLeases());

    leases.forEach(ModelLease::close);
    assertEquals(0, cache.stats().models().get(0).activeLeases());
    assertFalse(loader.created.get(0).isClosed());
    try (ModelLease hit = cache.acquire(MODEL)) {
      assertTrue(hit.wasCached());
    }
  }

  @Test
  void aFailedSharedLoadFailsEveryWaiterWithTheTypedErrorAndIsNotCached() throws Exception {
    ModelLoadException corrupt = FakeLoader.corrupt("org/shared");
    loader.failures.put(MODEL, corrupt);
    loader.gate = new CountDownLatch(1);
    List<Future<ModelLease>> futures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      futures.add(pool.submit(() -> cache.acquire(MODEL)));
    }
    Await.until("every thread missed", Await.LIMIT, () -> cache.stats().missCount() == THREADS);
    loader.gate.countDown();

    for (Future<ModelLease> f : futures) {
      try {
        f.get(10, TimeUnit.SECONDS).close();
        fail("a waiter got a lease on a model whose load failed");
      } catch (ExecutionException e) {
        assertSame(corrupt, e.getCause());
      }
    }
    CacheStats stats = cache.stats();
    assertEquals(1, loader.loadCount("org/shared"));
    assertEquals(1, stats.loadFailureCount());
    assertEquals(0, stats.modelsLoaded());
    assertEquals(0, stats.usedBytes());
    assertEquals(0, stats.reservedBytes());
    assertEquals(0, stats.loadsInFlight());

    loader.failures.clear();
    FakeCaches.use(cache, "org/shared");
    assertEquals(2, loader.loadCount("org/shared"));
  }
}
