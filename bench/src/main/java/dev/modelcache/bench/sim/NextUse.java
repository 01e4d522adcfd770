package dev.modelcache.bench.sim;

import dev.modelcache.api.ModelId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * For each model of a trace, the positions at which it is requested, to answer "when is this model
 * needed next?" in {@code O(log n)}. Immutable after construction.
 */
final class NextUse {
  /** The answer for a model that is never requested again. */
  static final int NEVER = Integer.MAX_VALUE;

  private final Trace trace;
  private final Map<ModelId, int[]> positions = new HashMap<>();

  NextUse(Trace trace) {
    this.trace = trace;
    Map<ModelId, Integer> counts = new HashMap<>();
    for (Access a : trace.accesses()) {
      counts.merge(a.model(), 1, Integer::sum);
    }
    Map<ModelId, Integer> filled = new HashMap<>();
    counts.forEach((id, n) -> positions.put(id, new int[n]));
    for (int i = 0; i < trace.size(); i++) {
      ModelId id = trace.get(i).model();
      positions.get(id)[filled.merge(id, 1, Integer::sum) - 1] = i;
    }
  }

  /** The first position after {@code index} at which {@code id} is requested, or {@link #NEVER}. */
  int after(ModelId id, int index) {
    int[] at = positions.get(id);
    if (at == null) {
      return NEVER;
    }
    int i = Arrays.binarySearch(at, index + 1);
    int next = i >= 0 ? i : -i - 1;
    return next < at.length ? at[next] : NEVER;
  }

  /** The access at a position. */
  Access access(int position) {
    return trace.get(position);
  }
}
