package dev.modelcache.engine.cache;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The selection rule score-based policies share. Stateless. */
final class Victims {
  private Victims() {}

  /** The candidate with the lowest score; ties go to the least recently used. */
  static EvictionCandidate lowest(
      List<EvictionCandidate> candidates, ToDoubleFunction<EvictionCandidate> score) {
    EvictionCandidate victim = null;
    double lowest = Double.POSITIVE_INFINITY;
    for (EvictionCandidate c : candidates) {
      double s = score.applyAsDouble(c);
      if (victim == null
          || s < lowest
          || (s == lowest && c.lastAccessNanos() < victim.lastAccessNanos())) {
        victim = c;
        lowest = s;
      }
    }
    return victim;
  }
}
