package dev.modelcache.engine.cache;

import dev.modelcache.api.ModelId;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link AdmissionRule#thrashGuard}: sees a thrash risk when a victim was loaded moments ago, or
 * when the victims are together worth more than the newcomer (worth = recent requests × load time,
 * what evicting the model would cost in reloads). Refuses at most {@code maxConsecutiveRefusals}
 * times in a row per model. Not thread-safe: called under the cache's lock.
 */
final class ThrashGuard implements AdmissionRule {
  private static final int REMEMBERED = 4096;

  private final long minResidencyNanos;
  private final boolean refuse;
  private final int maxConsecutiveRefusals;
  private final Map<ModelId, Integer> refusalsInARow = new HashMap<>();

  ThrashGuard(Duration minResidency, boolean refuse, int maxConsecutiveRefusals) {
    if (minResidency.isNegative()) {
      throw new IllegalArgumentException("minResidency must be >= 0: " + minResidency);
    }
    if (maxConsecutiveRefusals < 0) {
      throw new IllegalArgumentException(
          "maxConsecutiveRefusals must be >= 0: " + maxConsecutiveRefusals);
    }
    this.minResidencyNanos = minResidency.toNanos();
    this.refuse = refuse;
    this.maxConsecutiveRefusals = maxConsecutiveRefusals;
  }

  @Override
  public Verdict judge(EvictionCandidate newcomer, List<EvictionCandidate> victims, long nowNanos) {
    if (!atRisk(newcomer, victims, nowNanos)) {
      refusalsInARow.remove(newcomer.id());
      return Verdict.ADMIT;
    }
    int refused = refusalsInARow.getOrDefault(newcomer.id(), 0);
    if (!refuse || refused >= maxConsecutiveRefusals) {
      refusalsInARow.remove(newcomer.id());
      return Verdict.ADMIT_DESPITE_RISK;
    }
    if (refusalsInARow.size() >= REMEMBERED) {
      refusalsInARow.clear();
    }
    refusalsInARow.put(newcomer.id(), refused + 1);
    return Verdict.REFUSE;
  }

  private boolean atRisk(
      EvictionCandidate newcomer, List<EvictionCandidate> victims, long nowNanos) {
    if (victims.isEmpty()) {
      return false;
    }
    double victimsWorth = 0;
    for (EvictionCandidate v : victims) {
      if (nowNanos - v.loadedAtNanos() < minResidencyNanos) {
        return true;
      }
      victimsWorth += worth(v);
    }
    // A model never loaded has no measured cost yet: give it the benefit of the doubt.
    return newcomer.loadNanos() > 0 && victimsWorth > worth(newcomer);
  }

  private static double worth(EvictionCandidate c) {
    return (double) Math.max(c.accessCount(), 1) * c.loadNanos();
  }

  @Override
  public String name() {
    return refuse ? "thrash-guard(refuse)" : "thrash-guard(admit)";
  }
}
