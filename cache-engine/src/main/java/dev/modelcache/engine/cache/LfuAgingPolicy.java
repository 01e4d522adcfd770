package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Least frequently used with exponential aging: a model's score is the sum over its accesses of
 * {@code 2^(-(now - access) / halfLife)}, kept incrementally as (score, time of last update). A
 * model popular an hour ago but idle since loses to one used a few times in the last minute. Scores
 * survive eviction (bounded), so a model that comes back keeps its history. Not thread-safe: the
 * cache calls it under its lock.
 */
final class LfuAgingPolicy implements EvictionPolicy {
  private static final int REMEMBERED = 4096;

  private final double halfLifeNanos;
  private final Map<ModelId, double[]> scores = new HashMap<>();

  LfuAgingPolicy(Duration halfLife) {
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("halfLife must be > 0: " + halfLife);
    }
    this.halfLifeNanos = halfLife.toNanos();
  }

  @Override
  public EvictionCandidate selectVictim(List<EvictionCandidate> candidates, long nowNanos) {
    return Victims.lowest(candidates, c -> scoreAt(c.id(), nowNanos));
  }

  @Override
  public void onAdmit(EvictionCandidate model, long nowNanos) {
    onAccess(model.id(), nowNanos);
  }

  @Override
  public void onAccess(ModelId id, long nowNanos) {
    double[] entry = scores.get(id);
    if (entry == null) {
      if (scores.size() >= REMEMBERED) {
        scores.clear(); // rare; forgetting history is safe, only less informed
      }
      scores.put(id, new double[] {1, nowNanos});
      return;
    }
    entry[0] = decayed(entry, nowNanos) + 1;
    entry[1] = nowNanos;
  }

  /** The decayed score of a model now; 0 if never seen. */
  double scoreAt(ModelId id, long nowNanos) {
    double[] entry = scores.get(id);
    return entry == null ? 0 : decayed(entry, nowNanos);
  }

  private double decayed(double[] entry, long nowNanos) {
    double age = Math.max(0, nowNanos - (long) entry[1]);
    return entry[0] * Math.pow(0.5, age / halfLifeNanos);
  }

  @Override
  public String name() {
    return "lfu";
  }
}
