package dev.modelcache.bench.sim;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * The acceptance checks, evaluated on a {@link Report} and printed with every figure they
 * rest on: (1) cost-aware's load-time penalty is at most 0.8 × LRU's on the mixed-size Zipf trace,
 * at every budget where that is attainable at all, i.e. where the best offline reference (which
 * knows the future) reaches it; budgets where even the offline references cannot are printed with
 * their figures and not counted; (2) cost-aware's hit rate is at least 0.9 × LRU's on every
 * uniform-size trace, at every budget; and (3) the engine replaying LRU counts exactly what the
 * simulator's LRU counts. Stateless.
 */
final class AcceptanceChecks {
  static final String MIXED_ZIPF = "mixed-zipf";
  static final double MAX_PENALTY_VS_LRU = 0.8;
  static final double MIN_HIT_RATE_VS_LRU = 0.9;

  private AcceptanceChecks() {}

  /** Prints the checks; returns whether all that apply pass. */
  static boolean print(Report report, List<Trace> traces, PrintStream out) {
    out.println();
    out.println("Acceptance checks");
    boolean pass = penaltyCheck(report, traces, out);
    pass &= hitRateCheck(report, traces, out);
    pass &= engineCheck(report, out);
    return pass;
  }

  private static boolean penaltyCheck(Report report, List<Trace> traces, PrintStream out) {
    if (traces.stream().noneMatch(t -> t.name().equals(MIXED_ZIPF))) {
      out.println(
          "  1. cost-aware penalty <= 0.8 x LRU on " + MIXED_ZIPF + ": not run (no such trace)");
      return true;
    }
    StringBuilder detail = new StringBuilder();
    boolean pass = true;
    for (Row row : rowsOf(report, MIXED_ZIPF, "cost-aware")) {
      double ratio = report.penaltyVsLru(row).orElse(Double.NaN);
      double offline = bestOfflineVsLru(report, row);
      boolean attainable = offline <= MAX_PENALTY_VS_LRU;
      boolean ok = ratio <= MAX_PENALTY_VS_LRU;
      if (attainable) {
        pass &= ok;
      }
      detail.append(
          String.format(
              Locale.ROOT,
              " %.0f%%: %.2f%s",
              row.budgetFraction() * 100,
              ratio,
              attainable
                  ? (ok ? "" : " (fails)")
                  : String.format(
                      Locale.ROOT,
                      " (not counted: the best offline reference reaches %.2f)",
                      offline)));
    }
    out.println(
        "  1. cost-aware load-time penalty <= 0.8 x LRU on "
            + MIXED_ZIPF
            + " at every budget where the offline references show it is attainable: "
            + verdict(pass));
    out.println("     cost-aware / LRU penalty:" + detail);
    return pass;
  }

  /** The lower of the two offline references' penalty over LRU's at the row's budget. */
  private static double bestOfflineVsLru(Report report, Row row) {
    double best = Double.POSITIVE_INFINITY;
    for (String offline : List.of("belady", "cost-aware-offline")) {
      Row reference = report.find(row, offline).orElse(null);
      if (reference != null) {
        best = Math.min(best, report.penaltyVsLru(reference).orElse(Double.POSITIVE_INFINITY));
      }
    }
    return best;
  }

  private static boolean hitRateCheck(Report report, List<Trace> traces, PrintStream out) {
    List<Trace> uniform = traces.stream().filter(Trace::isUniform).toList();
    if (uniform.isEmpty()) {
      out.println("  2. cost-aware hit rate within 10% of LRU on uniform traces: not run (none)");
      return true;
    }
    boolean pass = true;
    StringBuilder detail = new StringBuilder();
    for (Trace trace : uniform) {
      detail.append("\n     ").append(trace.name()).append(':');
      for (Row row : rowsOf(report, trace.name(), "cost-aware")) {
        Row lru = report.find(row, "lru").orElseThrow();
        double ratio = row.result().hitRate() / lru.result().hitRate();
        boolean ok = ratio >= MIN_HIT_RATE_VS_LRU;
        pass &= ok;
        detail.append(
            String.format(
                Locale.ROOT,
                " %.0f%%: %.1f%% vs %.1f%% (x%.2f)%s",
                row.budgetFraction() * 100,
                row.result().hitRate() * 100,
                lru.result().hitRate() * 100,
                ratio,
                ok ? "" : " fails"));
      }
    }
    out.println(
        "  2. cost-aware hit rate >= 0.9 x LRU's on every uniform-size trace and budget: "
            + verdict(pass));
    out.println("     cost-aware vs LRU hit rate:" + detail);
    return pass;
  }

  private static boolean engineCheck(Report report, PrintStream out) {
    List<Row> engineRows =
        report.rows().stream().filter(r -> r.kind() == Contender.Kind.ENGINE).toList();
    int matched = 0;
    StringBuilder mismatches = new StringBuilder();
    for (Row engine : engineRows) {
      Row lru = report.find(engine, "lru").orElseThrow();
      if (engine.result().equals(lru.result())) {
        matched++;
      } else {
        mismatches.append(
            String.format(
                Locale.ROOT,
                "%n     %s %.0f%%: engine %s%n       simulator %s",
                engine.trace(),
                engine.budgetFraction() * 100,
                engine.result(),
                lru.result()));
      }
    }
    boolean pass = matched == engineRows.size();
    out.printf(
        Locale.ROOT,
        "  3. engine(lru) counts equal the simulator's lru counts: %s (%d of %d runs)%s%n",
        verdict(pass),
        matched,
        engineRows.size(),
        mismatches);
    return pass;
  }

  private static List<Row> rowsOf(Report report, String trace, String policy) {
    return report.rows().stream()
        .filter(r -> r.trace().equals(trace) && r.policy().equals(policy))
        .toList();
  }

  private static String verdict(boolean pass) {
    return pass ? "PASS" : "FAIL";
  }
}
