package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import java.util.List;

/** Builds caches over a {@link FakeLoader} with fake time and a fake resident set. */
final class FakeCaches {
  static final java.time.Instant EPOCH = java.time.Instant.parse("2026-01-01T00:00:00Z");

  private FakeCaches() {}

  static ModelCache create(FakeLoader loader, FakeTicker ticker, int maxModels, long budget) {
    return create(
        loader, ticker, maxModels, budget, EvictionPolicy.lru(), AdmissionRule.admitAll());
  }

  static ModelCache create(
      FakeLoader loader,
      FakeTicker ticker,
      int maxModels,
      long budget,
      EvictionPolicy policy,
      AdmissionRule admission) {
    FakeProbe probe = new FakeProbe();
    loader.probe = probe;
    loader.ticker = ticker;
    return new ModelCache(
        loader,
        CacheConfig.builder()
            .maxModels(maxModels)
            .maxMemoryBytes(budget)
            .policy(policy)
            .admissionRule(admission)
            .ticker(ticker)
            .clock(java.time.Clock.fixed(EPOCH, java.time.ZoneOffset.UTC))
            .memoryProbe(probe)
            .build());
  }

  /** One request: lease, predict, release. */
  static void use(ModelCache cache, String name) {
    try (ModelLease lease = cache.acquire(ModelId.of(name))) {
      lease.predict(List.of("text"));
    }
  }

  static List<String> loaded(ModelCache cache) {
    return cache.stats().models().stream().map(m -> m.id().toString()).toList();
  }
}
