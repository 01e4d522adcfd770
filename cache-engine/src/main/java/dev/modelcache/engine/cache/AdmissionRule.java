package dev.modelcache.engine.cache;

import java.time.Duration;
import java.util.List;

/**
 * Decides whether a model may enter the cache when that means evicting others: the guard against
 * thrashing. Called under the cache's lock after the eviction policy has chosen the victims and
 * before anything is evicted; must be fast and must not call back into the cache.
 */
public interface AdmissionRule {

  /**
   * Judges one admission.
   *
   * @param newcomer the model asking to enter; {@code loadNanos} is its last measured load time, or
   *     0 if it was never loaded; {@code accessCount} its recent requests
   * @param victims what the policy would evict for it, in eviction order; may be empty
   * @param nowNanos the cache's {@link Ticker} reading
   */
  Verdict judge(EvictionCandidate newcomer, List<EvictionCandidate> victims, long nowNanos);

  /** A short name for configuration and logs. */
  String name();

  /** What to do with an admission. */
  enum Verdict {
    /** No thrash risk: admit. */
    ADMIT,
    /** Thrash risk seen, admitted anyway (counted). */
    ADMIT_DESPITE_RISK,
    /** Thrash risk seen, refused with {@code InsufficientMemoryException} and a hint (counted). */
    REFUSE
  }

  /** Admits everything and judges nothing: the seed's behaviour. */
  static AdmissionRule admitAll() {
    return AdmitAll.INSTANCE;
  }

  /**
   * Flags an admission as a thrash risk when a victim entered the cache less than {@code
   * minResidency} ago, or when the victims are together worth more than the newcomer, a model's
   * worth being its recent requests × its load time. On risk it admits anyway ({@code refuse}
   * false) or refuses, but never refuses one model more than {@code maxConsecutiveRefusals} times
   * in a row, so no model starves.
   */
  static AdmissionRule thrashGuard(
      Duration minResidency, boolean refuse, int maxConsecutiveRefusals) {
    return new ThrashGuard(minResidency, refuse, maxConsecutiveRefusals);
  }
}

/** The default: always admit. */
final class AdmitAll implements AdmissionRule {
  static final AdmitAll INSTANCE = new AdmitAll();

  private AdmitAll() {}

  @Override
  public Verdict judge(EvictionCandidate newcomer, List<EvictionCandidate> victims, long nowNanos) {
    return Verdict.ADMIT;
  }

  @Override
  public String name() {
    return "admit-all";
  }
}
