package dev.modelcache.bench.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.AdmissionRule;
import dev.modelcache.engine.cache.EvictionCandidate;
import dev.modelcache.engine.cache.EvictionPolicy;
import dev.modelcache.engine.cache.RemovalCause;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorTest {
  private static final long MS = 1_000_000;

  @Test
  void lruEvictsTheModelUsedLeastRecently() {
    // a b c fill the cache; a is used again, so d must push out b, and then a and c still hit.
    Trace trace = Traces.of("a b c a d a c", 10);

    RunResult r = new Simulator(30, 100).replay(trace, EvictionPolicy.lru());

    assertEquals(3, r.hits(), "a, a, c hit: b was the victim");
    assertEquals(4, r.loads());
    assertEquals(1, r.evictedForSize());
    assertEquals(0, r.evictedForCount());
  }

  @Test
  void beladyBeatsLruOnALoopOneModelLargerThanTheCache() {
    Trace loop = Traces.of("a b c d a b c d a b c d", 10);

    RunResult lru = new Simulator(30, 100).replay(loop, EvictionPolicy.lru());
    RunResult belady = new Simulator(30, 100).replay(loop, OfflinePolicies.belady(loop));

    assertEquals(0, lru.hits(), "LRU always evicts the model needed next");
    assertEquals(6, belady.hits(), "worked by hand: hits at positions 5 6 8 9 11 12");
    assertEquals(6 * 100 * MS, belady.loadNanos());
  }

  @Test
  void costAwareOfflineKeepsTheExpensiveModelWhereBeladyKeepsTheSoonerOne() {
    Access cheapBig = Access.of("x", 60, 10);
    Access dearSmall = Access.of("y", 40, 1000);
    Access newcomer = Access.of("z", 40, 50);
    Trace trace = Traces.of(cheapBig, dearSmall, newcomer, cheapBig, dearSmall);

    RunResult belady = new Simulator(100, 100).replay(trace, OfflinePolicies.belady(trace));
    RunResult costAware =
        new Simulator(100, 100).replay(trace, OfflinePolicies.costAwareOffline(trace));

    assertEquals((10 + 1000 + 50 + 1000) * MS, belady.loadNanos(), "evicts y, used later");
    assertEquals((10 + 1000 + 50 + 10) * MS, costAware.loadNanos(), "evicts x, cheap per byte");
    assertEquals(1, belady.hits());
    assertEquals(1, costAware.hits());
  }

  @Test
  void byteHitRateWeighsHitsBySize() {
    Trace trace =
        Traces.of(
            Access.of("big", 97, 100),
            Access.of("s", 1, 1),
            Access.of("s", 1, 1),
            Access.of("s", 1, 1));

    RunResult r = new Simulator(1_000, 100).replay(trace, EvictionPolicy.lru());

    assertEquals(0.5, r.hitRate());
    assertEquals(2, r.hitBytes());
    assertEquals(100, r.accessedBytes());
    assertEquals(0.02, r.byteHitRate(), 1e-12);
  }

  @Test
  void aModelLargerThanTheBudgetIsRejectedWithoutLoadOrEviction() {
    Trace trace =
        Traces.of(Access.of("a", 60, 100), Access.of("huge", 150, 5000), Access.of("a", 60, 100));

    RunResult r = new Simulator(100, 100).replay(trace, EvictionPolicy.lru());

    assertEquals(2, r.misses());
    assertEquals(1, r.rejected());
    assertEquals(1, r.loads());
    assertEquals(100 * MS, r.loadNanos(), "the rejected model's load time is not spent");
    assertEquals(0, r.evictions());
    assertEquals(1, r.hits(), "a stayed");
  }

  @Test
  void theModelCountLimitEvictsForCount() {
    RunResult r = new Simulator(1_000, 2).replay(Traces.of("a b c", 10), EvictionPolicy.lru());

    assertEquals(0, r.evictedForSize());
    assertEquals(1, r.evictedForCount());
  }

  @Test
  void timeAdvancesOneMillisecondPerRequestPlusEachLoad() {
    Recording policy = new Recording();

    new Simulator(10, 100).replay(Traces.of("a a b", 10), policy);

    long t1 = Simulator.START_NANOS + MS;
    long admitA = t1 + 100 * MS;
    long t2 = admitA + MS;
    long t3 = t2 + MS;
    assertEquals(
        List.of(
            "admit a at " + admitA + " last " + admitA + " count 1 load " + 100 * MS,
            "access a at " + t2,
            "select [a] at " + t3,
            "remove a EVICTED_SIZE at " + t3,
            "admit b at "
                + (t3 + 100 * MS)
                + " last "
                + (t3 + 100 * MS)
                + " count 1 load "
                + 100 * MS),
        policy.calls);
  }

  @Test
  void aRefusedAdmissionLoadsAndEvictsNothing() {
    AdmissionRule refuseAll =
        new AdmissionRule() {
          @Override
          public Verdict judge(EvictionCandidate n, List<EvictionCandidate> v, long now) {
            return Verdict.REFUSE;
          }

          @Override
          public String name() {
            return "refuse-all";
          }
        };

    RunResult r =
        new Simulator(20, 100)
            .replay(Traces.of("a b c a b c", 10), EvictionPolicy.lru(), refuseAll);

    assertEquals(2, r.loads(), "a and b fit without evicting: not judged");
    assertEquals(2, r.refused(), "c, twice");
    assertEquals(0, r.evictions());
    assertEquals(2, r.hits());
    assertEquals(r.loads() + r.refused() + r.rejected(), r.misses());
  }

  @Test
  void aPolicyThatChoosesANonCandidateIsCaught() {
    EvictionPolicy rogue =
        new EvictionPolicy() {
          @Override
          public EvictionCandidate selectVictim(List<EvictionCandidate> c, long now) {
            return new EvictionCandidate(ModelId.of("ghost"), 1, 0, 0, 0, 0);
          }

          @Override
          public String name() {
            return "rogue";
          }
        };

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> new Simulator(10, 100).replay(Traces.of("a b", 10), rogue));
    assertTrue(e.getMessage().contains("ghost"), e.getMessage());
  }

  /** LRU that writes down every call it receives. */
  private static final class Recording implements EvictionPolicy {
    final List<String> calls = new ArrayList<>();

    @Override
    public EvictionCandidate selectVictim(List<EvictionCandidate> candidates, long nowNanos) {
      calls.add(
          "select " + candidates.stream().map(c -> c.id().toString()).toList() + " at " + nowNanos);
      return EvictionPolicy.lru().selectVictim(candidates, nowNanos);
    }

    @Override
    public void onAdmit(EvictionCandidate m, long nowNanos) {
      calls.add(
          "admit "
              + m.id()
              + " at "
              + nowNanos
              + " last "
              + m.lastAccessNanos()
              + " count "
              + m.accessCount()
              + " load "
              + m.loadNanos());
    }

    @Override
    public void onAccess(ModelId id, long nowNanos) {
      calls.add("access " + id + " at " + nowNanos);
    }

    @Override
    public void onRemove(ModelId id, RemovalCause cause, long nowNanos) {
      calls.add("remove " + id + " " + cause + " at " + nowNanos);
    }

    @Override
    public String name() {
      return "recording";
    }
  }
}
