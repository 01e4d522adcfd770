package dev.modelcache.engine.cache;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frees models' native memory and measures what came back: the resident set before and after each
 * close, summed with the bytes the models had been charged, so operators can see how much of a
 * model's charge the allocator returns to the system. Thread-safe; called without the cache's lock.
 */
final class ModelCloser {
  private final CacheConfig config;
  private final CacheEvents events;
  private final AtomicLong closed = new AtomicLong();
  private final AtomicLong reclaimedBytes = new AtomicLong();
  private final AtomicLong chargedBytes = new AtomicLong();

  ModelCloser(CacheConfig config, CacheEvents events) {
    this.config = config;
    this.events = events;
  }

  void close(CacheEntry entry) {
    OptionalLong before = config.memoryProbe().residentBytes();
    entry.model.close();
    OptionalLong after = config.memoryProbe().residentBytes();
    long reclaimed =
        before.isPresent() && after.isPresent()
            ? Math.max(0, before.getAsLong() - after.getAsLong())
            : 0;
    closed.incrementAndGet();
    reclaimedBytes.addAndGet(reclaimed);
    chargedBytes.addAndGet(entry.bytes());
    events.publish(
        entry.model.id(),
        CacheEvent.Type.CLOSED,
        String.format(
            "freed %s: RSS fell by %.1f MB of %.1f MB charged",
            entry.model.id(), CacheEvents.mb(reclaimed), CacheEvents.mb(entry.bytes())));
  }

  long closedCount() {
    return closed.get();
  }

  long reclaimedBytes() {
    return reclaimedBytes.get();
  }

  long closedChargedBytes() {
    return chargedBytes.get();
  }
}
