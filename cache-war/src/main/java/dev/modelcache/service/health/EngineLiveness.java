package dev.modelcache.service.health;

import dev.modelcache.service.ModelCacheService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;

/** Up while the engine answers: its statistics can be read. */
@ApplicationScoped
public class EngineLiveness implements ServiceCheck {
  static final String NAME = "model-cache-engine";

  @Inject ModelCacheService service;

  @Override
  public Kind kind() {
    return Kind.LIVENESS;
  }

  @Override
  public CheckResult call() {
    try {
      return new CheckResult(NAME, true, CacheHealthData.add(new LinkedHashMap<>(), service));
    } catch (RuntimeException e) {
      return CheckResult.down(NAME, String.valueOf(e));
    }
  }
}
