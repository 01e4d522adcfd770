package dev.modelcache.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.ModelLoader;
import dev.modelcache.engine.testing.Await;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A model whose files are still downloading ({@link ModelLoader#prepare}) must not hold the cache's
 * serialised load: other models load meanwhile, and concurrent misses on the downloading model
 * share its one preparation.
 */
class SlowPrepareDoesNotBlockOtherLoadsTest {
  private static final ModelId SLOW = ModelId.of("org/downloading");
  private static final ModelId FAST = ModelId.of("org/local");

  private final FakeLoader fake =
      new FakeLoader().declare("org/downloading", 10).declare("org/local", 10);
  private final CountDownLatch preparing = new CountDownLatch(1);
  private final CountDownLatch downloaded = new CountDownLatch(1);
  private final AtomicInteger prepares = new AtomicInteger();
  private volatile RuntimeException prepareFailure;
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  private final ModelLoader loader =
      new ModelLoader() {
        @Override
        public void prepare(ModelId id) {
          prepares.incrementAndGet();
          if (id.equals(SLOW)) {
            preparing.countDown();
            try {
              assertTrue(downloaded.await(30, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
            if (prepareFailure != null) {
              throw prepareFailure;
            }
          }
        }

        @Override
        public long estimateBytes(ModelId id) {
          return fake.estimateBytes(id);
        }

        @Override
        public LoadedModel load(ModelId id) {
          return fake.load(id);
        }
      };

  private final ModelCache cache =
      new ModelCache(
          loader,
          CacheConfig.builder()
              .maxModels(5)
              .maxMemoryBytes(1_000)
              .ticker(new FakeTicker())
              .clock(Clock.fixed(FakeCaches.EPOCH, ZoneOffset.UTC))
              .memoryProbe(new FakeProbe())
              .build());

  @AfterEach
  void stop() throws InterruptedException {
    downloaded.countDown();
    pool.shutdownNow();
    assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    cache.close();
  }

  @Test
  void anotherModelLoadsWhileOneIsStillDownloading() throws Exception {
    Future<ModelLease> slow = pool.submit(() -> cache.acquire(SLOW));
    assertTrue(preparing.await(10, TimeUnit.SECONDS));

    try (ModelLease fast = cache.acquire(FAST)) {
      assertEquals(FAST, fast.id());
      assertEquals(List.of("org/local"), FakeCaches.loaded(cache));
      assertFalse(cache.isLoaded(SLOW));
      assertEquals(1, fake.loadCount("org/local"));
    }
    downloaded.countDown();
    try (ModelLease lease = slow.get(10, TimeUnit.SECONDS)) {
      assertEquals(SLOW, lease.id());
    }
    assertEquals(2, prepares.get());
  }

  @Test
  void concurrentMissesShareOnePreparation() throws Exception {
    Future<ModelLease> first = pool.submit(() -> cache.acquire(SLOW));
    assertTrue(preparing.await(10, TimeUnit.SECONDS));
    Future<ModelLease> second = pool.submit(() -> cache.acquire(SLOW));
    Await.until("both looked up", Await.LIMIT, () -> cache.stats().missCount() == 2);
    downloaded.countDown();

    first.get(10, TimeUnit.SECONDS).close();
    second.get(10, TimeUnit.SECONDS).close();
    assertEquals(1, prepares.get());
    assertEquals(1, fake.loadCount("org/downloading"));
  }

  @Test
  void aFailedPreparationFailsTheLoadAndHoldsNoBudget() throws Exception {
    ModelLoadException broken = new ModelLoadException(SLOW, "HTTP 500 from the Hub");
    prepareFailure = broken;
    Future<ModelLease> slow = pool.submit(() -> cache.acquire(SLOW));
    assertTrue(preparing.await(10, TimeUnit.SECONDS));
    downloaded.countDown();

    ExecutionException e =
        assertThrows(ExecutionException.class, () -> slow.get(10, TimeUnit.SECONDS));
    assertSame(broken, e.getCause());
    CacheStats stats = cache.stats();
    assertEquals(1, stats.loadFailureCount());
    assertEquals(0, stats.reservedBytes());
    assertEquals(0, stats.loadsInFlight());
    assertEquals(0, fake.loadCount("org/downloading"));
  }
}
