package dev.modelcache.service.health;

import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.service.ModelCacheService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The seed's health fields, added to a check's data; every one is a JSON number, as the design
 * document's {@code /health} shows them ({@code hit_rate} a fraction rounded to 4 decimals).
 */
final class CacheHealthData {
  private static final long MIB = 1024 * 1024;

  private CacheHealthData() {}

  /**
   * The check built with the cache's fields added. MicroProfile Health's builder takes only
   * strings, longs and booleans, so the data map is completed here: {@link HealthReport} writes a
   * {@code Double} as a JSON number.
   */
  static HealthCheckResponse build(HealthCheckResponseBuilder check, ModelCacheService service) {
    CacheStats s = service.stats();
    HealthCheckResponse built =
        check
            .withData("service", "model-cache")
            .withData("models_loaded", s.modelsLoaded())
            .withData("max_models", s.maxModels())
            .withData("memory_usage_mb", s.usedBytes() / MIB)
            .withData("max_memory_mb", s.budgetBytes() / MIB)
            .withData("uptime_seconds", service.uptime().toSeconds())
            .build();
    Map<String, Object> data = new LinkedHashMap<>(built.getData().orElse(Map.of()));
    data.put("hit_rate", Math.round(s.hitRate() * 10_000) / 10_000.0);
    return new HealthCheckResponse(built.getName(), built.getStatus(), Optional.of(data));
  }
}
