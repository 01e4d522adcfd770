package dev.modelcache.service.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.OverloadedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConcurrencyLimitTest {

  @Test
  void theRequestBeyondTheLimitIsRefusedAtOnceAndAReleasedPlaceIsReused() {
    ConcurrencyLimit limit = new ConcurrencyLimit(2);
    ConcurrencyLimit.Permit first = limit.acquire();
    ConcurrencyLimit.Permit second = limit.acquire();

    OverloadedException e = assertThrows(OverloadedException.class, limit::acquire);
    first.close();
    first.close(); // a second close gives back nothing more
    ConcurrencyLimit.Permit third = limit.acquire();

    assertEquals(1, e.retryAfterSeconds());
    assertTrue(e.getMessage().contains("MODEL_CACHE_MAX_CONCURRENT_REQUESTS"), e.getMessage());
    assertEquals(2, limit.inUse());
    assertThrows(OverloadedException.class, limit::acquire);
    second.close();
    third.close();
    assertEquals(0, limit.inUse());
  }

  @Test
  void zeroMeansNoLimit() {
    ConcurrencyLimit none = new ConcurrencyLimit(0);

    for (int i = 0; i < 10_000; i++) {
      none.acquire();
    }
    assertEquals(0, none.inUse());
  }

  @Test
  void manyThreadsNeverHoldMoreThanTheLimitAndAllPlacesComeBack() throws Exception {
    int max = 4;
    ConcurrencyLimit limit = new ConcurrencyLimit(max);
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 2_000; i++) {
                    ConcurrencyLimit.Permit permit;
                    try {
                      permit = limit.acquire();
                    } catch (OverloadedException e) {
                      refused.incrementAndGet();
                      continue;
                    }
                    try {
                      most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                      holding.decrementAndGet();
                    } finally {
                      permit.close();
                    }
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

    assertTrue(most.get() <= max, "at most " + max + " at once, saw " + most.get());
    assertEquals(0, limit.inUse(), "every place given back");
    System.out.printf(
        "ConcurrencyLimit stress: 16 threads x 2000 tries, limit %d, most at once %d, refused %d%n",
        max, most.get(), refused.get());
  }
}
