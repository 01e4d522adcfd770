package dev.modelcache.bench.sim;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.AdmissionRule;
import dev.modelcache.engine.cache.EvictionCandidate;
import dev.modelcache.engine.cache.EvictionPolicy;
import dev.modelcache.engine.cache.RemovalCause;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays a trace through an eviction policy and an admission rule with the semantics of {@link
 * dev.modelcache.engine.cache.ModelCache}, but without the cache: no threads, no locks, no models,
 * a few hundred nanoseconds per access.
 *
 * <h2>Semantics (those of {@code ModelCache.acquire}, {@code load} and {@code makeRoom})</h2>
 *
 * <ul>
 *   <li>Time starts at {@link #START_NANOS} and advances {@link #GAP_NANOS} before each access, and
 *       by the load time during each load: loads are serialised, as in the engine.
 *   <li>A <b>hit</b> sets the model's last access to now, counts one more access and calls {@code
 *       onAccess}.
 *   <li>A <b>miss</b> on a model larger than the whole budget is <b>rejected</b>: nothing is
 *       evicted or loaded. Otherwise the policy plans victims, one {@code selectVictim} at a time
 *       over the remaining candidates, while {@code used + bytes > budget} or {@code count + 1 >
 *       maxModels}. If there are victims, the admission rule judges them against the newcomer (its
 *       requests so far, this one included, and its last load time, 0 if never loaded); a {@code
 *       REFUSE} is a <b>refused</b> miss: nothing is evicted or loaded. Then the victims are
 *       evicted in plan order, each with {@code onRemove} and the cause {@code EVICTED_SIZE} while
 *       the budget still needs it, else {@code EVICTED_COUNT}. Then the model loads (time advances
 *       by its load time) and enters with loaded-at = last access = the time after the load, one
 *       access, and {@code onAdmit}.
 * </ul>
 *
 * <p>{@link EngineReplay} runs the same trace through the real cache; the two must count the same.
 * One known limit: the engine remembers the requests and load times of the 4,096 models it saw
 * last, the simulator of all; on traces of more distinct models an admission rule can judge
 * differently. Immutable and thread-safe: each {@link #replay} keeps its state to itself (but
 * policies and admission rules are stateful, so give each replay fresh ones).
 */
public final class Simulator {
  /** The simulated clock's first reading, in nanoseconds. */
  public static final long START_NANOS = 1_000_000_000L;

  /** Simulated time between two requests, in nanoseconds (1 ms). */
  public static final long GAP_NANOS = 1_000_000L;

  private final long budgetBytes;
  private final int maxModels;

  /**
   * @param budgetBytes the memory budget, in bytes, {@code >= 1}
   * @param maxModels the most models held at once, {@code >= 1}
   */
  public Simulator(long budgetBytes, int maxModels) {
    if (budgetBytes < 1) {
      throw new IllegalArgumentException("budgetBytes must be >= 1: " + budgetBytes);
    }
    if (maxModels < 1) {
      throw new IllegalArgumentException("maxModels must be >= 1: " + maxModels);
    }
    this.budgetBytes = budgetBytes;
    this.maxModels = maxModels;
  }

  /** Replays with no admission rule (every admission allowed). */
  public RunResult replay(Trace trace, EvictionPolicy policy) {
    return replay(trace, policy, AdmissionRule.admitAll());
  }

  /** Replays {@code trace} through fresh {@code policy} and {@code admission} instances. */
  public RunResult replay(Trace trace, EvictionPolicy policy, AdmissionRule admission) {
    return new Run(policy, admission).replay(trace);
  }

  /** A loaded model in the simulation. */
  private static final class Resident {
    final ModelId id;
    final long bytes;
    final long loadNanos;
    final long loadedAtNanos;
    long lastAccessNanos;
    long accessCount = 1;

    Resident(ModelId id, long bytes, long loadNanos, long loadedAtNanos) {
      this.id = id;
      this.bytes = bytes;
      this.loadNanos = loadNanos;
      this.loadedAtNanos = loadedAtNanos;
      this.lastAccessNanos = loadedAtNanos;
    }

    EvictionCandidate candidate() {
      return new EvictionCandidate(
          id, bytes, lastAccessNanos, accessCount, loadNanos, loadedAtNanos);
    }
  }

  /** One replay's state. */
  private final class Run {
    private final EvictionPolicy policy;
    private final AdmissionRule admission;
    private final Clairvoyant seer;
    private final Map<ModelId, Resident> residents = new HashMap<>();
    private final Map<ModelId, Long> requests = new HashMap<>();
    private final Map<ModelId, Long> lastLoadNanos = new HashMap<>();
    private long now = START_NANOS;
    private long used;
    private long hits;
    private long misses;
    private long hitBytes;
    private long accessedBytes;
    private long loads;
    private long loadNanos;
    private long evictedForSize;
    private long evictedForCount;
    private long rejected;
    private long refused;

    Run(EvictionPolicy policy, AdmissionRule admission) {
      this.policy = policy;
      this.admission = admission;
      this.seer = policy instanceof Clairvoyant c ? c : null;
    }

    RunResult replay(Trace trace) {
      for (int i = 0; i < trace.size(); i++) {
        now += GAP_NANOS;
        if (seer != null) {
          seer.at(i);
        }
        serve(trace.get(i));
      }
      return new RunResult(
          budgetBytes,
          trace.size(),
          hits,
          misses,
          hitBytes,
          accessedBytes,
          loads,
          loadNanos,
          evictedForSize,
          evictedForCount,
          rejected,
          refused);
    }

    private void serve(Access access) {
      ModelId id = access.model();
      accessedBytes += access.bytes();
      long requested = requests.merge(id, 1L, Long::sum);
      Resident hit = residents.get(id);
      if (hit != null) {
        hits++;
        hitBytes += access.bytes();
        hit.lastAccessNanos = now;
        policy.onAccess(id, now);
        hit.accessCount++;
        return;
      }
      misses++;
      if (access.bytes() > budgetBytes) {
        rejected++;
        return;
      }
      List<Resident> victims = planVictims(access.bytes());
      if (!victims.isEmpty() && refuses(access, requested, victims)) {
        refused++;
        return;
      }
      for (Resident victim : victims) {
        boolean forSize = used + access.bytes() > budgetBytes;
        residents.remove(victim.id);
        used -= victim.bytes;
        policy.onRemove(
            victim.id, forSize ? RemovalCause.EVICTED_SIZE : RemovalCause.EVICTED_COUNT, now);
        if (forSize) {
          evictedForSize++;
        } else {
          evictedForCount++;
        }
      }
      now += access.loadNanos();
      loads++;
      loadNanos += access.loadNanos();
      lastLoadNanos.put(id, access.loadNanos());
      Resident admitted = new Resident(id, access.bytes(), access.loadNanos(), now);
      residents.put(id, admitted);
      used += access.bytes();
      policy.onAdmit(admitted.candidate(), now);
    }

    /** The policy's victims, in order, for {@code bytes} more to fit. Evicts nothing. */
    private List<Resident> planVictims(long bytes) {
      List<EvictionCandidate> candidates = new ArrayList<>(residents.size());
      for (Resident r : residents.values()) {
        candidates.add(r.candidate());
      }
      List<Resident> victims = new ArrayList<>();
      long planUsed = used;
      int planCount = residents.size();
      while (planUsed + bytes > budgetBytes || planCount + 1 > maxModels) {
        EvictionCandidate chosen = policy.selectVictim(List.copyOf(candidates), now);
        if (!candidates.remove(chosen)) {
          throw new IllegalStateException(
              policy.name() + " chose a model that is not a candidate: " + chosen.id());
        }
        Resident victim = residents.get(chosen.id());
        victims.add(victim);
        planUsed -= victim.bytes;
        planCount--;
      }
      return victims;
    }

    private boolean refuses(Access access, long requested, List<Resident> victims) {
      EvictionCandidate newcomer =
          new EvictionCandidate(
              access.model(),
              access.bytes(),
              now,
              requested,
              lastLoadNanos.getOrDefault(access.model(), 0L),
              now);
      List<EvictionCandidate> planned = new ArrayList<>(victims.size());
      victims.forEach(v -> planned.add(v.candidate()));
      return admission.judge(newcomer, planned, now) == AdmissionRule.Verdict.REFUSE;
    }
  }
}
