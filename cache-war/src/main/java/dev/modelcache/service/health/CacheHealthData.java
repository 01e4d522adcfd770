package dev.modelcache.service.health;

import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.service.ModelCacheService;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** The seed's health fields, added to a check's data. */
final class CacheHealthData {
  private static final long MIB = 1024 * 1024;

  private CacheHealthData() {}

  static HealthCheckResponseBuilder add(
      HealthCheckResponseBuilder check, ModelCacheService service) {
    CacheStats s = service.stats();
    return check
        .withData("service", "model-cache")
        .withData("models_loaded", s.modelsLoaded())
        .withData("max_models", s.maxModels())
        .withData("memory_usage_mb", s.usedBytes() / MIB)
        .withData("max_memory_mb", s.budgetBytes() / MIB)
        .withData("hit_rate", String.format(Locale.ROOT, "%.4f", s.hitRate()))
        .withData("uptime_seconds", service.uptime().toSeconds());
  }
}
