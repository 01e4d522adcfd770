package dev.modelcache.bench.sim;

import dev.modelcache.api.ModelId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named sequence of accesses, replayed in order. Immutable.
 *
 * <p>A model's size should be the same in every access: the engine charges a reload the size it
 * measured last time, so a trace whose sizes change per access replays the same in the {@link
 * Simulator} (which uses each access's size) but not necessarily in the real cache. Load times may
 * vary per access; a miss costs the load time of the access that missed.
 *
 * @param name a short label for tables, e.g. {@code mixed-zipf}
 * @param accesses the requests in order; not empty
 */
public record Trace(String name, List<Access> accesses) {

  public Trace {
    Objects.requireNonNull(name, "name");
    accesses = List.copyOf(accesses);
    if (accesses.isEmpty()) {
      throw new IllegalArgumentException("trace '" + name + "' has no accesses");
    }
  }

  /** Number of accesses. */
  public int size() {
    return accesses.size();
  }

  /** The access at {@code index}, from 0. */
  public Access get(int index) {
    return accesses.get(index);
  }

  /** Each distinct model with its first access, in order of first appearance. */
  public Map<ModelId, Access> models() {
    Map<ModelId, Access> first = new LinkedHashMap<>();
    for (Access a : accesses) {
      first.putIfAbsent(a.model(), a);
    }
    return first;
  }

  /**
   * The bytes needed to hold every model of the trace at once (each at its largest size seen): the
   * budget at which nothing need ever be evicted, and the base of the budget sweep.
   */
  public long distinctBytes() {
    Map<ModelId, Long> largest = new LinkedHashMap<>();
    for (Access a : accesses) {
      largest.merge(a.model(), a.bytes(), Math::max);
    }
    return largest.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Whether every access has the same size and load time: a uniform-cost trace. */
  public boolean isUniform() {
    Access first = accesses.get(0);
    return accesses.stream()
        .allMatch(a -> a.bytes() == first.bytes() && a.loadNanos() == first.loadNanos());
  }
}
