package dev.modelcache.service;

import dev.modelcache.engine.cache.CacheEvent;
import dev.modelcache.engine.cache.CacheListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent cache events (loads, evictions with cause, failures, closes) in a bounded ring
 * buffer, for {@code GET /logs}. Thread-safe; the oldest event is dropped when full.
 */
public final class EventLog implements CacheListener {
  private final int capacity;
  private final ArrayDeque<CacheEvent> events;

  public EventLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1: " + capacity);
    }
    this.capacity = capacity;
    this.events = new ArrayDeque<>(capacity);
  }

  @Override
  public synchronized void onEvent(CacheEvent event) {
    if (events.size() == capacity) {
      events.removeFirst();
    }
    events.addLast(event);
  }

  /**
   * The newest {@code limit} events, oldest first.
   *
   * @param model only this model's events, or null for all
   */
  public synchronized List<CacheEvent> recent(String model, int limit) {
    List<CacheEvent> matching = new ArrayList<>();
    for (CacheEvent event : events) {
      if (model == null || event.model().toString().equals(model)) {
        matching.add(event);
      }
    }
    return List.copyOf(matching.subList(Math.max(0, matching.size() - limit), matching.size()));
  }
}
