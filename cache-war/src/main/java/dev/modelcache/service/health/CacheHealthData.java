package dev.modelcache.service.health;

import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.service.ModelCacheService;
import java.util.Map;

/**
 * The seed's health fields, added to a check's data; every one is a JSON number, as the design
 * document's {@code /health} shows them ({@code hit_rate} a fraction rounded to 4 decimals).
 */
final class CacheHealthData {
  private static final long MIB = 1024 * 1024;

  private CacheHealthData() {}

  static Map<String, Object> add(Map<String, Object> data, ModelCacheService service) {
    CacheStats s = service.stats();
    data.put("service", "model-cache");
    data.put("models_loaded", (long) s.modelsLoaded());
    data.put("max_models", (long) s.maxModels());
    data.put("memory_usage_mb", s.usedBytes() / MIB);
    data.put("max_memory_mb", s.budgetBytes() / MIB);
    data.put("hit_rate", Math.round(s.hitRate() * 10_000) / 10_000.0);
    data.put("uptime_seconds", service.uptime().toSeconds());
    data.put("inference_device", service.providers().device().toString());
    service
        .providers()
        .gpuMemory()
        .ifPresent(
            gpu -> {
              data.put("models_on_gpu", (long) gpu.models());
              data.put("gpu_memory_usage_mb", gpu.usedBytes() / MIB);
              data.put(
                  "max_gpu_memory_mb",
                  gpu.budgetBytes() == Long.MAX_VALUE ? -1 : gpu.budgetBytes() / MIB);
            });
    return data;
  }
}
