package dev.modelcache.bench.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.engine.cache.AdmissionRule;
import dev.modelcache.engine.cache.EvictionPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real {@code ModelCache}, replaying a trace over fake models, counts exactly what the
 * simulator counts for the same policy: hits, misses, loads, load time, evictions by cause,
 * rejections and refusals. If this fails, the simulator's tables do not describe the engine.
 */
class EngineCrossCheckTest {
  private static final List<Trace> TRACES =
      List.of(
          Workloads.zipf("mixed-zipf", Workloads.mixedCatalog("m", 20, new Random(1)), 3_000, 2),
          Workloads.scan(
              "uniform-scan",
              Workloads.uniformCatalog("hot", 10),
              Workloads.uniformCatalog("cold", 15),
              300,
              3_000,
              3),
          Workloads.shifting(
              "mixed-shift", Workloads.mixedCatalog("m", 20, new Random(4)), 700, 3_000, 5));

  @BeforeAll
  static void quiet() {
    EngineReplay.quietEngineLog();
  }

  static Stream<Arguments> runs() {
    List<Arguments> runs = new ArrayList<>();
    for (String policy : List.of("lru", "lfu", "lfu-1s", "cost-aware")) {
      for (Trace trace : TRACES) {
        for (double fraction : new double[] {0.15, 0.4}) {
          for (int maxModels : new int[] {10_000, 4}) {
            runs.add(Arguments.of(policy, trace, fraction, maxModels));
          }
        }
      }
    }
    return runs.stream();
  }

  @ParameterizedTest(name = "{0} on {1} at {2} of its bytes, at most {3} models")
  @MethodSource("runs")
  void theEngineCountsWhatTheSimulatorCounts(
      String policy, Trace trace, double fraction, int maxModels) {
    long budget = Math.round(trace.distinctBytes() * fraction);

    RunResult simulated = new Simulator(budget, maxModels).replay(trace, policy(policy));
    RunResult engine = new EngineReplay(budget, maxModels).replay(trace, policy(policy));

    assertEquals(simulated, engine);
    assertTrue(simulated.evictions() > 0, "a run without evictions checks nothing: " + simulated);
  }

  @Test
  void rejectionsOfModelsLargerThanTheBudgetMatch() {
    Trace trace = TRACES.get(0);
    long budget = Math.round(trace.distinctBytes() * 0.05);

    RunResult r =
        assertSameCounts(trace, budget, EvictionPolicy::costAware, AdmissionRule::admitAll);

    assertTrue(r.rejected() > 0, "the budget must be below the largest model: " + r);
  }

  @Test
  void refusalsOfTheThrashGuardMatch() {
    Trace trace = TRACES.get(2);
    long budget = Math.round(trace.distinctBytes() * 0.2);

    RunResult r =
        assertSameCounts(
            trace,
            budget,
            EvictionPolicy::costAware,
            () -> AdmissionRule.thrashGuard(Duration.ofSeconds(10), true, 2));

    assertTrue(r.refused() > 0, "the guard must refuse something here: " + r);
  }

  @Test
  void offlinePoliciesRunThroughTheEngineToo() {
    Trace trace = TRACES.get(0);
    long budget = Math.round(trace.distinctBytes() * 0.3);

    assertSameCounts(trace, budget, () -> OfflinePolicies.belady(trace), AdmissionRule::admitAll);
    assertSameCounts(
        trace, budget, () -> OfflinePolicies.costAwareOffline(trace), AdmissionRule::admitAll);
  }

  /** Replays through both with fresh policy and rule instances; returns the simulator's counts. */
  private static RunResult assertSameCounts(
      Trace trace,
      long budget,
      Supplier<EvictionPolicy> policy,
      Supplier<AdmissionRule> admission) {
    RunResult simulated =
        new Simulator(budget, 10_000).replay(trace, policy.get(), admission.get());
    RunResult engine =
        new EngineReplay(budget, 10_000).replay(trace, policy.get(), admission.get());
    assertEquals(simulated, engine);
    return simulated;
  }

  private static EvictionPolicy policy(String name) {
    return switch (name) {
      case "lru" -> EvictionPolicy.lru();
      case "lfu" -> EvictionPolicy.lfu(Contender.LFU_HALF_LIFE);
      case "lfu-1s" -> EvictionPolicy.lfu(Duration.ofSeconds(1));
      case "cost-aware" -> EvictionPolicy.costAware();
      default -> throw new IllegalArgumentException(name);
    };
  }
}
