package dev.modelcache.bench.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
  private static final List<Trace> SUITE = Workloads.defaults(42);

  @Test
  void theSameSeedGivesTheSameTraces() {
    assertEquals(SUITE, Workloads.defaults(42));
    assertNotEquals(SUITE.get(0), Workloads.defaults(43).get(0));
  }

  @Test
  void mixedSizesSpanAClassifierToADebertaAndLoadTimeGrowsWithSize() {
    List<Access> catalog = Workloads.mixedCatalog("m", 200, new Random(1));
    long smallest = catalog.stream().mapToLong(Access::bytes).min().orElseThrow();
    long largest = catalog.stream().mapToLong(Access::bytes).max().orElseThrow();

    assertTrue(
        smallest >= Workloads.MIN_BYTES && smallest < 2 * Workloads.MIN_BYTES, "" + smallest);
    assertTrue(largest <= Workloads.MAX_BYTES && largest > Workloads.MAX_BYTES / 2, "" + largest);
    for (Access a : catalog) {
      assertTrue(a.loadNanos() >= 50_000_000L, "fixed overhead: " + a);
    }
    assertTrue(spearman(catalog, Access::bytes, Access::loadNanos) > 0.9);
  }

  @Test
  void popularityIsIndependentOfSize() {
    Trace trace = SUITE.get(0);
    Map<ModelId, Long> counts = new HashMap<>();
    trace.accesses().forEach(a -> counts.merge(a.model(), 1L, Long::sum));
    List<Access> models = new ArrayList<>(trace.models().values());

    double rho = spearman(models, Access::bytes, a -> counts.get(a.model()));

    assertTrue(Math.abs(rho) < 0.3, "rank correlation of size and popularity: " + rho);
  }

  @Test
  void theDefaultSuiteIsThreeShapesMixedThenUniform() {
    assertEquals(
        List.of(
            "mixed-zipf",
            "mixed-scan",
            "mixed-shift",
            "uniform-zipf",
            "uniform-scan",
            "uniform-shift"),
        SUITE.stream().map(Trace::name).toList());
    for (Trace t : SUITE) {
      assertEquals(Workloads.ACCESSES, t.size());
      assertEquals(t.name().startsWith("uniform"), t.isUniform(), t.name());
    }
  }

  @Test
  void aScanVisitsEveryColdModelInOrder() {
    List<Access> cold = Workloads.uniformCatalog("cold", 5);
    Trace trace = Workloads.scan("s", Workloads.uniformCatalog("hot", 3), cold, 10, 45, 1);

    assertEquals(cold, trace.accesses().subList(10, 15));
    assertEquals(cold, trace.accesses().subList(25, 30));
    assertFalse(trace.accesses().subList(0, 10).stream().anyMatch(cold::contains));
  }

  @Test
  void shiftingPopularityChangesTheFavourite() {
    Trace trace = Workloads.shifting("s", Workloads.uniformCatalog("m", 30), 5_000, 20_000, 3);

    List<ModelId> favourites = new ArrayList<>();
    for (int phase = 0; phase < 4; phase++) {
      favourites.add(favourite(trace.accesses().subList(phase * 5_000, (phase + 1) * 5_000)));
    }

    assertTrue(favourites.stream().distinct().count() >= 3, "favourites: " + favourites);
  }

  @Test
  void zipfRankZeroIsDrawnMostOften() {
    Zipf zipf = new Zipf(60, Workloads.EXPONENT);
    int[] counts = new int[60];
    Random random = new Random(5);
    for (int i = 0; i < 60_000; i++) {
      counts[zipf.sample(random)]++;
    }

    assertEquals(zipf.probability(0) * 60_000, counts[0], 60_000 * 0.01);
    assertTrue(counts[0] > counts[1] && counts[1] > counts[9] && counts[9] > counts[59]);
  }

  private static ModelId favourite(List<Access> accesses) {
    Map<ModelId, Long> counts = new HashMap<>();
    accesses.forEach(a -> counts.merge(a.model(), 1L, Long::sum));
    return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  /** Spearman's rank correlation of two numeric features (ties are rare here and ignored). */
  private static <T> double spearman(
      List<T> items,
      java.util.function.ToLongFunction<T> x,
      java.util.function.ToLongFunction<T> y) {
    double[] rx = ranks(items, x);
    double[] ry = ranks(items, y);
    int n = items.size();
    double d2 = 0;
    for (int i = 0; i < n; i++) {
      d2 += (rx[i] - ry[i]) * (rx[i] - ry[i]);
    }
    return 1 - 6 * d2 / ((double) n * ((double) n * n - 1));
  }

  private static <T> double[] ranks(List<T> items, java.util.function.ToLongFunction<T> f) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparingLong(i -> f.applyAsLong(items.get(i))));
    double[] ranks = new double[items.size()];
    for (int r = 0; r < order.size(); r++) {
      ranks[order.get(r)] = r;
    }
    return ranks;
  }
}
