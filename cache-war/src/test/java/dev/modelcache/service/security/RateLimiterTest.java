package dev.modelcache.service.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.RateLimitedException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

  private RateLimiter limiter(double perSecond, int burst, int maxBuckets) {
    return new RateLimiter(perSecond, burst, maxBuckets, now::get);
  }

  private void advanceMillis(long millis) {
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }

  @Test
  void aBurstPassesThenTheNextRequestIsToldWhenToRetry() {
    RateLimiter limiter = limiter(2, 3, 10);

    for (int i = 0; i < 3; i++) {
      limiter.acquire("key a");
    }
    RateLimitedException e =
        assertThrows(RateLimitedException.class, () -> limiter.acquire("key a"));

    assertEquals(1, e.retryAfterSeconds(), "half a second to the next token, rounded up");
    assertTrue(e.getMessage().contains("key a"), e.getMessage());
    assertTrue(e.getMessage().contains("2.0 requests/s, bursts of 3"), e.getMessage());
  }

  @Test
  void tokensComeBackAtTheRateAndNeverBeyondTheBurst() {
    RateLimiter limiter = limiter(2, 3, 10);
    for (int i = 0; i < 3; i++) {
      limiter.acquire("key a");
    }

    advanceMillis(499);
    assertThrows(RateLimitedException.class, () -> limiter.acquire("key a"));
    advanceMillis(1);
    limiter.acquire("key a");
    advanceMillis(60_000);
    for (int i = 0; i < 3; i++) {
      limiter.acquire("key a");
    }
    assertThrows(RateLimitedException.class, () -> limiter.acquire("key a"));
  }

  @Test
  void eachCallerHasItsOwnBucket() {
    RateLimiter limiter = limiter(1, 1, 10);

    limiter.acquire("key a");
    assertThrows(RateLimitedException.class, () -> limiter.acquire("key a"));
    limiter.acquire("key b");
    limiter.acquire("address 10.0.0.1");
  }

  @Test
  void aBatchChargedPastTheBalanceIsServedAndTheDebtWaitedOut() {
    RateLimiter limiter = limiter(1, 5, 10);
    limiter.acquire("key a");

    limiter.charge("key a", 9); // a batch of 10 texts: balance 5 - 10 = -5

    RateLimitedException e =
        assertThrows(RateLimitedException.class, () -> limiter.acquire("key a"));
    assertEquals(6, e.retryAfterSeconds(), "from -5 to 1 token at 1/s");
    advanceMillis(5_999);
    assertThrows(RateLimitedException.class, () -> limiter.acquire("key a"));
    advanceMillis(1);
    limiter.acquire("key a");
  }

  @Test
  void aSlowRateAdvertisesAlongWait() {
    RateLimiter limiter = limiter(0.001, 2, 10);
    limiter.acquire("key a");
    limiter.acquire("key a");

    RateLimitedException e =
        assertThrows(RateLimitedException.class, () -> limiter.acquire("key a"));

    assertEquals(1000, e.retryAfterSeconds());
  }

  @Test
  void offMeansNoLimitAndNoMemory() {
    RateLimiter off = limiter(0, 1, 10);

    for (int i = 0; i < 1000; i++) {
      off.acquire("address " + i);
    }
    off.charge("key a", 1_000_000);

    assertFalse(off.isOn());
    assertEquals(0, off.size());
  }

  @Test
  void aRefilledBucketIsForgottenAndTheNumberOfBucketsIsBounded() {
    RateLimiter limiter = limiter(1, 1, 3);
    limiter.acquire("address 1");
    advanceMillis(2_000); // address 1 is full again: forgetting it changes nothing
    limiter.acquire("address 2");
    limiter.acquire("address 3");

    limiter.acquire("address 4");

    assertEquals(3, limiter.size(), "address 1 expired, 2 to 4 kept");
    assertThrows(RateLimitedException.class, () -> limiter.acquire("address 2"));
    assertThrows(RateLimitedException.class, () -> limiter.acquire("address 3"));
    for (int i = 5; i < 100; i++) {
      limiter.acquire("address " + i);
    }
    assertEquals(3, limiter.size());
  }

  /**
   * 100,000 client addresses, each seen once (what a flood of spoofed or rotating addresses looks
   * like), through a limiter that remembers 10,000: each gets its own first token, the number of
   * buckets never passes the bound, and a caller seen all along keeps its (empty) bucket through
   * the flood instead of getting a fresh one. What it costs per request is in docs/performance.md
   * (FloodBenchmark).
   */
  @Test
  void aFloodOfNewAddressesStaysBoundedAndAFrequentCallerKeepsItsBucket() {
    int max = 10_000;
    RateLimiter limiter = limiter(0.001, 1, max);
    limiter.acquire("key steady");
    int refusedSteady = 0;
    int largest = 0;

    for (int i = 0; i < 100_000; i++) {
      limiter.acquire("address " + i); // a new bucket always has its token: never refused
      if (i % 50 == 0) {
        try {
          limiter.acquire("key steady");
        } catch (RateLimitedException e) {
          refusedSteady++;
        }
      }
      if (i % 10_000 == 9_999) {
        largest = Math.max(largest, limiter.size());
      }
    }

    assertEquals(2_000, refusedSteady, "every request of the steady caller met its empty bucket");
    assertTrue(largest <= max, "buckets " + largest);
    assertTrue(largest > max / 2, "the bound is used, not a much smaller one: " + largest);
  }

  @Test
  void badSettingsAreRefusedWithTheValue() {
    IllegalArgumentException burst =
        assertThrows(IllegalArgumentException.class, () -> limiter(1, 0, 1));
    IllegalArgumentException rate =
        assertThrows(IllegalArgumentException.class, () -> limiter(-1, 1, 1));

    assertEquals("burst must be >= 1: 0", burst.getMessage());
    assertTrue(rate.getMessage().endsWith("-1.0"), rate.getMessage());
  }
}
