package dev.modelcache.service.health;

import dev.modelcache.service.ModelCacheService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready once the engine is up and every model in {@code MODEL_CACHE_PRELOAD} is loaded; down while
 * preloading, if a preload failed (with the reason), and while stopping.
 */
@ApplicationScoped
public class PreloadReadiness implements ServiceCheck {
  @Inject ModelCacheService service;

  @Override
  public Kind kind() {
    return Kind.READINESS;
  }

  @Override
  public CheckResult call() {
    ModelCacheService.Readiness readiness = service.readiness();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("state", readiness.state());
    for (int i = 0; i < readiness.failures().size(); i++) {
      data.put("failure_" + (i + 1), readiness.failures().get(i));
    }
    return new CheckResult(
        "model-cache-ready", readiness.ready(), CacheHealthData.add(data, service));
  }
}
