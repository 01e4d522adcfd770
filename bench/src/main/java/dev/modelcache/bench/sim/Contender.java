package dev.modelcache.bench.sim;

import dev.modelcache.engine.cache.AdmissionRule;
import dev.modelcache.engine.cache.EvictionPolicy;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * One row label of the report: a way to replay a trace at a budget, with fresh policy state each
 * time. Immutable.
 *
 * @param label the row's name, e.g. {@code cost-aware+guard}
 * @param kind online (a real cache could run it), offline (sees the future) or the engine itself
 * @param runner replays a trace
 */
public record Contender(String label, Kind kind, Runner runner) {

  /**
   * LFU's half-life in the report: the engine's default ({@code EvictionPolicy.named("lfu")}), so
   * the row shows what operators get. Simulated time runs at 1 ms per request plus every load
   * (loads are serialised), so a 50,000-request default trace spans from a few minutes (large
   * budgets, few loads) to about six and a half hours (small budgets, a load every other request)
   * of simulated time; 10 minutes is then between about 1,500 requests and most of the trace:
   * enough to rank 60 models by popularity, and on small budgets short enough to forget a
   * popularity shift within one 10,000-request phase.
   */
  public static final Duration LFU_HALF_LIFE = Duration.ofMinutes(10);

  /**
   * The thrash guard's minimum residency in the report, as the service configures it for {@code
   * MODEL_CACHE_ADMISSION=thrash-guard-refuse}. (Its {@code thrash-guard} setting only counts risks
   * and never refuses, so it replays exactly like cost-aware alone and gets no row.)
   */
  public static final Duration GUARD_MIN_RESIDENCY = Duration.ofSeconds(30);

  /** The thrash guard refuses one model at most this many times in a row, as the service does. */
  public static final int GUARD_MAX_REFUSALS = 3;

  /** What a contender is. */
  public enum Kind {
    /** An engine policy replayed by the {@link Simulator}. */
    ONLINE,
    /** A reference that knows the future, replayed by the {@link Simulator}. */
    OFFLINE,
    /** The real {@code ModelCache}, replayed by {@link EngineReplay}. */
    ENGINE
  }

  /** Replays a trace; a new policy instance per call. */
  @FunctionalInterface
  public interface Runner {
    RunResult run(Trace trace, long budgetBytes, int maxModels);
  }

  /** Replays {@code trace} at a budget. */
  public RunResult run(Trace trace, long budgetBytes, int maxModels) {
    return runner.run(trace, budgetBytes, maxModels);
  }

  /** The report's rows, in order: online policies, offline references, the engine. */
  public static List<Contender> defaults() {
    return List.of(
        online("lru", EvictionPolicy::lru),
        online("lfu", () -> EvictionPolicy.lfu(LFU_HALF_LIFE)),
        online("cost-aware", EvictionPolicy::costAware),
        new Contender(
            "cost-aware+guard",
            Kind.ONLINE,
            (t, b, m) ->
                new Simulator(b, m)
                    .replay(
                        t,
                        EvictionPolicy.costAware(),
                        AdmissionRule.thrashGuard(GUARD_MIN_RESIDENCY, true, GUARD_MAX_REFUSALS))),
        new Contender(
            "belady",
            Kind.OFFLINE,
            (t, b, m) -> new Simulator(b, m).replay(t, OfflinePolicies.belady(t))),
        new Contender(
            "cost-aware-offline",
            Kind.OFFLINE,
            (t, b, m) -> new Simulator(b, m).replay(t, OfflinePolicies.costAwareOffline(t))),
        new Contender(
            "engine(lru)",
            Kind.ENGINE,
            (t, b, m) -> new EngineReplay(b, m).replay(t, EvictionPolicy.lru())));
  }

  private static Contender online(String label, Supplier<EvictionPolicy> policy) {
    return new Contender(
        label, Kind.ONLINE, (t, b, m) -> new Simulator(b, m).replay(t, policy.get()));
  }
}
