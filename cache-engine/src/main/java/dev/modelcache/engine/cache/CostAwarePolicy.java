package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cost-aware eviction in the GreedyDual-Size-Frequency family: the victim is the loaded model with
 * the lowest
 *
 * <pre>priority = recentFrequency × loadSeconds / megabytes</pre>
 *
 * <ul>
 *   <li>{@code loadSeconds} is the model's measured load time: what a miss on it costs again. A 200
 *       KB classifier that loads in 50 ms and a 400 MB encoder that loads in 4 s are not worth the
 *       same.
 *   <li>Dividing by its measured size makes it a value per byte of budget, so one large model does
 *       not push out many small hot ones unless it is worth more than they are together.
 *   <li>{@code recentFrequency} counts accesses with exponential aging (half-life 10 minutes by
 *       default, as {@link LfuAgingPolicy}): idle models lose priority by themselves, so a once-hot
 *       model cannot stay forever. Aging replaces GDSF's inflation value {@code L}, which in trace
 *       simulations let returning models jump over resident hot ones and let briefly idle hot
 *       models fall below newcomers (see docs/eviction.md).
 * </ul>
 *
 * Ties go to the least recently used. Not thread-safe: the cache calls it under its lock.
 */
final class CostAwarePolicy implements EvictionPolicy {
  private static final double MIB = 1024.0 * 1024.0;

  private final LfuAgingPolicy frequency;
  private final Map<ModelId, Double> secondsPerMegabyte = new HashMap<>();

  CostAwarePolicy(Duration halfLife) {
    this.frequency = new LfuAgingPolicy(halfLife);
  }

  @Override
  public EvictionCandidate selectVictim(List<EvictionCandidate> candidates, long nowNanos) {
    return Victims.lowest(candidates, c -> priorityOf(c.id(), nowNanos));
  }

  @Override
  public void onAdmit(EvictionCandidate model, long nowNanos) {
    double seconds = Math.max(model.loadNanos(), 1) / 1e9;
    double megabytes = Math.max(model.bytes(), 1) / MIB;
    secondsPerMegabyte.put(model.id(), seconds / megabytes);
    frequency.onAccess(model.id(), nowNanos);
  }

  @Override
  public void onAccess(ModelId id, long nowNanos) {
    frequency.onAccess(id, nowNanos);
  }

  @Override
  public void onRemove(ModelId id, RemovalCause cause, long nowNanos) {
    secondsPerMegabyte.remove(id);
  }

  /** A loaded model's priority now; 0 for a model this policy has not seen admitted. */
  double priorityOf(ModelId id, long nowNanos) {
    return frequency.scoreAt(id, nowNanos) * secondsPerMegabyte.getOrDefault(id, 0.0);
  }

  @Override
  public String name() {
    return "cost-aware";
  }
}
