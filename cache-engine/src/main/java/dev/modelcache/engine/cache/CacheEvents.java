package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes cache events: one log line each (INFO for loads and evictions, WARNING for failures and
 * refusals, DEBUG for frees) and the configured {@link CacheListener}. Thread-safe; a listener that
 * throws is logged and ignored.
 */
final class CacheEvents {
  private static final System.Logger LOG = System.getLogger(ModelCache.class.getName());

  private final CacheConfig config;

  CacheEvents(CacheConfig config) {
    this.config = config;
  }

  void publish(ModelId id, CacheEvent.Type type, String message) {
    CacheEvent event = new CacheEvent(config.clock().instant(), id, type, message);
    Level level =
        switch (type) {
          case LOAD_FAILED, REJECTED -> Level.WARNING;
          case CLOSED -> Level.DEBUG;
          default -> Level.INFO;
        };
    // The model travels as a parameter (not in a placeholder), for log formats that show it as a
    // field of its own (model.name in the service's JSON lines).
    LOG.log(level, message, id);
    try {
      config.listener().onEvent(event);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cache listener failed on " + type, e);
    }
  }

  /** A batch of work deferred until the cache's lock is released. Not thread-safe: one per call. */
  Deferred defer() {
    return new Deferred();
  }

  static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }

  /** Work deferred until the cache's lock is released: closing models and publishing events. */
  final class Deferred {
    private final List<Runnable> pending = new ArrayList<>(2);

    void add(Runnable action) {
      pending.add(action);
    }

    void event(ModelId id, CacheEvent.Type type, String message) {
      pending.add(() -> publish(id, type, message));
    }

    void run() {
      for (Runnable action : pending) {
        action.run();
      }
      pending.clear();
    }
  }
}
