package dev.modelcache.engine.batching;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a batch of texts, sorted by token count, into runs that waste little on padding. A run costs
 * about its rows times its longest text in token slots, plus a fixed overhead per run; this picks
 * the cuts that minimise the total (dynamic programming over the sorted lengths, O(n²) for n ≤
 * {@code BATCH_SIZE}). Texts of similar lengths stay together; a 10-token text is not padded to a
 * 300-token neighbour. Stateless.
 */
final class LengthGroups {
  /**
   * What one extra run costs, in padded token slots: kernel launches, tensor set-up, the output
   * copy, and the lower arithmetic efficiency of smaller matrices. An estimate (on MiniLM with 2
   * threads a batch of 32 sorted texts ran only about 25% faster per text than batch 1, so a run's
   * fixed cost is a fraction of one text's); small, so that a short text is rather run apart than
   * padded far. Worth re-tuning against the load benchmark.
   */
  static final int RUN_OVERHEAD_TOKENS = 16;

  private LengthGroups() {}

  /**
   * The cut points of the cheapest grouping.
   *
   * @param lengths token counts in ascending order
   * @return the end index (exclusive) of each group, in order; the last is {@code lengths.length}
   */
  static int[] cuts(int[] lengths) {
    int n = lengths.length;
    long[] cost = new long[n + 1];
    int[] start = new int[n + 1];
    for (int end = 1; end <= n; end++) {
      cost[end] = Long.MAX_VALUE;
      long longest = lengths[end - 1];
      for (int from = 0; from < end; from++) {
        long c = cost[from] + RUN_OVERHEAD_TOKENS + (end - from) * longest;
        if (c < cost[end]) {
          cost[end] = c;
          start[end] = from;
        }
      }
    }
    List<Integer> ends = new ArrayList<>();
    for (int end = n; end > 0; end = start[end]) {
      ends.add(0, end);
    }
    return ends.stream().mapToInt(Integer::intValue).toArray();
  }
}
