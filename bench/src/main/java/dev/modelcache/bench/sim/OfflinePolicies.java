package dev.modelcache.bench.sim;

import dev.modelcache.engine.cache.EvictionCandidate;
import dev.modelcache.engine.cache.EvictionPolicy;
import java.util.List;

/**
 * Offline reference policies: they know the whole trace, so no real cache can run them. They bound
 * what an online policy could hope for, but only loosely where sizes and costs vary: with equal
 * sizes and load costs Belady's rule is optimal (fewest misses, and so least load time), while with
 * variable sizes and costs the optimum is NP-hard and neither rule here is guaranteed to reach it.
 * An online policy may even beat them there; the report says so instead of calling them optimal.
 *
 * <p>Both always admit (they choose victims only, like every engine policy), so they run through
 * the same {@link Simulator} as the online policies. Each instance belongs to one replay of the
 * trace it was built for.
 */
public final class OfflinePolicies {
  private OfflinePolicies() {}

  /**
   * Belady's MIN: evicts the model whose next request is farthest away; models never requested
   * again go first (the largest of them first).
   */
  public static EvictionPolicy belady(Trace trace) {
    return new Offline("belady", new NextUse(trace)) {
      @Override
      double keepValue(EvictionCandidate c, int next, int now) {
        return -(double) (next - now);
      }
    };
  }

  /**
   * Evicts the model with the least reload cost per byte per access until its next request: {@code
   * loadNanos(next request) / (bytes × (next - now))}, the cost-aware analogue of Belady; models
   * never requested again go first (the largest of them first).
   */
  public static EvictionPolicy costAwareOffline(Trace trace) {
    return new Offline("cost-aware-offline", new NextUse(trace)) {
      @Override
      double keepValue(EvictionCandidate c, int next, int now) {
        double reloadNanos = future.access(next).loadNanos();
        return reloadNanos / ((double) c.bytes() * (next - now));
      }
    };
  }

  /** Evicts the lowest keep value; never-again first; ties to the largest, then by name. */
  private abstract static class Offline implements EvictionPolicy, Clairvoyant {
    private final String name;
    final NextUse future;
    private int now;

    Offline(String name, NextUse future) {
      this.name = name;
      this.future = future;
    }

    /** How much keeping {@code c} is worth, given its next request at {@code next > now}. */
    abstract double keepValue(EvictionCandidate c, int next, int now);

    @Override
    public void at(int index) {
      now = index;
    }

    @Override
    public EvictionCandidate selectVictim(List<EvictionCandidate> candidates, long nowNanos) {
      EvictionCandidate victim = null;
      double lowest = 0;
      for (EvictionCandidate c : candidates) {
        int next = future.after(c.id(), now);
        double value = next == NextUse.NEVER ? Double.NEGATIVE_INFINITY : keepValue(c, next, now);
        if (victim == null || value < lowest || (value == lowest && before(c, victim))) {
          victim = c;
          lowest = value;
        }
      }
      return victim;
    }

    private static boolean before(EvictionCandidate a, EvictionCandidate b) {
      return a.bytes() != b.bytes() ? a.bytes() > b.bytes() : a.id().compareTo(b.id()) < 0;
    }

    @Override
    public String name() {
      return name;
    }
  }
}
