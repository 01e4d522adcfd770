package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import java.time.Instant;

/**
 * Something that happened to one model, for the service's recent-events log.
 *
 * @param timestamp when it happened
 * @param model the model
 * @param type what happened
 * @param message one human-readable line with sizes and times
 */
public record CacheEvent(Instant timestamp, ModelId model, Type type, String message) {

  /** Kinds of events. */
  public enum Type {
    LOADED,
    LOAD_FAILED,
    REJECTED,
    EVICTED,
    UNLOADED,
    CLOSED
  }
}
