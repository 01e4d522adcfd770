package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * GreedyDual-Size-Frequency over models: each loaded model has a priority
 *
 * <pre>H = L + frequency × loadSeconds / megabytes</pre>
 *
 * <p>and the lowest is evicted. {@code loadSeconds} is the model's measured load time, what a miss
 * on it costs again; dividing by its measured size makes the value per byte of budget, so one large
 * model does not push out many small hot ones unless it is worth more than they are together.
 * {@code frequency} counts accesses and survives eviction (bounded), so a model that keeps coming
 * back earns its place. {@code L}, the inflation value, rises to each victim's priority: a model's
 * priority is fixed at its last access, so idle models fall behind models touched since, and a
 * once-hot model cannot stay forever. Ties go to the least recently used. Not thread-safe: the
 * cache calls it under its lock.
 */
final class CostAwarePolicy implements EvictionPolicy {
  private static final int REMEMBERED = 4096;
  private static final double MIB = 1024.0 * 1024.0;

  private final Map<ModelId, Long> frequency = new HashMap<>();
  private final Map<ModelId, Double> priority = new HashMap<>();
  private final Map<ModelId, Double> valuePerAccess = new HashMap<>();
  private double inflation;

  @Override
  public EvictionCandidate selectVictim(List<EvictionCandidate> candidates, long nowNanos) {
    EvictionCandidate victim = null;
    double lowest = Double.POSITIVE_INFINITY;
    for (EvictionCandidate c : candidates) {
      double h = priority.getOrDefault(c.id(), inflation);
      if (victim == null
          || h < lowest
          || (h == lowest && c.lastAccessNanos() < victim.lastAccessNanos())) {
        victim = c;
        lowest = h;
      }
    }
    return victim;
  }

  @Override
  public void onAdmit(EvictionCandidate model, long nowNanos) {
    double seconds = Math.max(model.loadNanos(), 1) / 1e9;
    double megabytes = Math.max(model.bytes(), 1) / MIB;
    valuePerAccess.put(model.id(), seconds / megabytes);
    touch(model.id());
  }

  @Override
  public void onAccess(ModelId id, long nowNanos) {
    touch(id);
  }

  @Override
  public void onRemove(ModelId id, RemovalCause cause, long nowNanos) {
    Double h = priority.remove(id);
    if (h != null && cause.wasEvicted()) {
      inflation = Math.max(inflation, h);
    }
    valuePerAccess.remove(id);
  }

  private void touch(ModelId id) {
    if (frequency.size() >= REMEMBERED && !frequency.containsKey(id)) {
      frequency.clear(); // rare; forgetting history is safe, only less informed
    }
    long f = frequency.merge(id, 1L, Long::sum);
    priority.put(id, inflation + f * valuePerAccess.getOrDefault(id, 0.0));
  }

  /** The current priority of a loaded model, for tests and diagnostics. */
  double priorityOf(ModelId id) {
    return priority.getOrDefault(id, Double.NaN);
  }

  @Override
  public String name() {
    return "cost-aware";
  }
}
