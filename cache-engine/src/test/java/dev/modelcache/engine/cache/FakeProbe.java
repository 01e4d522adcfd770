package dev.modelcache.engine.cache;

import dev.modelcache.engine.memory.MemoryProbe;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/** A resident set that grows exactly by what {@link FakeLoader} says a load costs. */
final class FakeProbe implements MemoryProbe {
  private final AtomicLong resident = new AtomicLong(100L << 20);

  void grow(long bytes) {
    resident.addAndGet(bytes);
  }

  @Override
  public OptionalLong residentBytes() {
    return OptionalLong.of(resident.get());
  }
}
