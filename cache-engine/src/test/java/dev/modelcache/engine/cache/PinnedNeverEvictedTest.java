package dev.modelcache.engine.cache;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever the policy and traffic, pinned models stay. */
class PinnedNeverEvictedTest {

  static Stream<Arguments> policies() {
    return Stream.of(
        Arguments.of("lru", (Supplier<EvictionPolicy>) EvictionPolicy::lru),
        Arguments.of(
            "lfu", (Supplier<EvictionPolicy>) () -> EvictionPolicy.lfu(Duration.ofSeconds(5))),
        Arguments.of("cost-aware", (Supplier<EvictionPolicy>) EvictionPolicy::costAware));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("policies")
  void pinnedModelsSurviveRandomTraffic(String name, Supplier<EvictionPolicy> policy) {
    FakeLoader loader = new FakeLoader();
    for (int i = 0; i < 8; i++) {
      loader.declare("m" + i, 10 + i * 5);
      loader.loadTimes.put(ModelId.of("m" + i), Duration.ofMillis(10 + 100L * i));
    }
    FakeTicker ticker = new FakeTicker();
    ModelCache cache =
        FakeCaches.create(loader, ticker, 4, 100, policy.get(), AdmissionRule.admitAll());
    cache.preload(ModelId.of("m0"), true);
    cache.preload(ModelId.of("m7"), true); // 10 + 45 of 100 pinned

    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 500; i++) {
      String model = "m" + (1 + random.nextInt(6));
      FakeCaches.use(cache, model);
      ticker.advance(Duration.ofMillis(1 + random.nextInt(50)));
      assertTrue(cache.isLoaded(ModelId.of("m0")) && cache.isLoaded(ModelId.of("m7")), name);
    }
    assertTrue(cache.stats().evictionCount() > 0, "the traffic must have forced evictions");
  }
}
