package dev.modelcache.engine.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each policy's victim on hand-made candidate sets, without a cache around it. */
class EvictionPolicyChoiceTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MB = 1L << 20;

  private static EvictionCandidate model(
      String name, long mb, long lastAccessSecond, long accesses, long loadMillis) {
    return new EvictionCandidate(
        ModelId.of(name), mb * MB, lastAccessSecond * SECOND, accesses, loadMillis * 1_000_000, 0);
  }

  @Test
  void lruPicksTheOldestLastAccessRegardlessOfSizeOrCost() {
    List<EvictionCandidate> models =
        List.of(
            model("big-slow", 400, 10, 1, 9000),
            model("small", 1, 5, 50, 10),
            model("mid", 50, 20, 2, 100));

    assertEquals("small", EvictionPolicy.lru().selectVictim(models, 30 * SECOND).id().toString());
  }

  @Test
  void lfuWithAgingPrefersRecentPopularityToOldPopularity() {
    EvictionPolicy lfu = EvictionPolicy.lfu(Duration.ofSeconds(10));
    ModelId old = ModelId.of("old-favourite");
    ModelId fresh = ModelId.of("new-favourite");
    for (int i = 0; i < 8; i++) {
      lfu.onAccess(old, i * SECOND); // 8 uses long ago
    }
    for (int i = 0; i < 3; i++) {
      lfu.onAccess(fresh, (100 + i) * SECOND); // 3 uses just now
    }
    List<EvictionCandidate> models =
        List.of(model("old-favourite", 10, 7, 8, 100), model("new-favourite", 10, 102, 3, 100));

    assertEquals("old-favourite", lfu.selectVictim(models, 103 * SECOND).id().toString());
  }

  @Test
  void lfuWithoutAgingEffectKeepsTheMostUsed() {
    EvictionPolicy lfu = EvictionPolicy.lfu(Duration.ofDays(365));
    lfu.onAccess(ModelId.of("a"), 0);
    lfu.onAccess(ModelId.of("a"), SECOND);
    lfu.onAccess(ModelId.of("b"), 2 * SECOND);

    assertEquals(
        "b",
        lfu.selectVictim(List.of(model("a", 1, 1, 2, 1), model("b", 1, 2, 1, 1)), 3 * SECOND)
            .id()
            .toString());
  }

  @Test
  void costAwareKeepsModelsExpensiveToReloadPerByte() {
    EvictionPolicy policy = EvictionPolicy.costAware();
    // Same use; "cheap" reloads 100x faster per megabyte than "dear".
    EvictionCandidate cheap = model("cheap", 100, 1, 1, 100);
    EvictionCandidate dear = model("dear", 100, 2, 1, 10_000);
    policy.onAdmit(cheap, SECOND);
    policy.onAdmit(dear, 2 * SECOND);

    assertEquals("cheap", policy.selectVictim(List.of(cheap, dear), 3 * SECOND).id().toString());
  }

  @Test
  void costAwareLetsOneLargeColdModelGoBeforeManySmallHotOnes() {
    EvictionPolicy policy = EvictionPolicy.costAware();
    EvictionCandidate large = model("large", 400, 1, 1, 4000); // 10 ms per MB, used once
    EvictionCandidate small = model("small", 2, 2, 1, 200); // 100 ms per MB
    policy.onAdmit(large, SECOND);
    policy.onAdmit(small, 2 * SECOND);
    for (int i = 0; i < 5; i++) {
      policy.onAccess(small.id(), (3 + i) * SECOND);
    }

    assertEquals("large", policy.selectVictim(List.of(large, small), 10 * SECOND).id().toString());
  }

  @Test
  void costAwareAgesOutAOnceHotModel() {
    CostAwarePolicy policy = new CostAwarePolicy(Duration.ofSeconds(60));
    EvictionCandidate onceHot = model("once-hot", 10, 1, 21, 1000);
    policy.onAdmit(onceHot, SECOND);
    for (int i = 0; i < 20; i++) {
      policy.onAccess(onceHot.id(), SECOND); // 21 uses at t = 1 s
    }
    EvictionCandidate steady = model("steady", 10, 2, 1, 1000);
    policy.onAdmit(steady, 2 * SECOND);

    assertEquals(
        "steady", policy.selectVictim(List.of(onceHot, steady), 3 * SECOND).id().toString());

    long now = 2 * SECOND;
    for (int minute = 1; minute <= 10; minute++) {
      now += 60 * SECOND;
      policy.onAccess(steady.id(), now); // one use a minute
    }
    assertEquals("once-hot", policy.selectVictim(List.of(onceHot, steady), now).id().toString());
  }

  @ParameterizedTest
  @CsvSource({"lru,lru", " LRU ,lru", "lfu,lfu", "cost-aware,cost-aware", "gdsf,cost-aware"})
  void policiesAreSelectableByName(String name, String expected) {
    assertEquals(expected, EvictionPolicy.named(name).name());
  }

  @Test
  void anUnknownPolicyNameIsRejectedWithTheChoices() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> EvictionPolicy.named("fifo"));
    assertTrue(e.getMessage().contains("lru, lfu or cost-aware"), e.getMessage());
  }
}
