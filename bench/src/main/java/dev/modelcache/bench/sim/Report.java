package dev.modelcache.bench.sim;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The rows of a simulation, and the figures derived across rows: load-time penalty relative to LRU,
 * and the gap to the best offline reference. Prints a table per trace and writes one CSV.
 * Immutable.
 *
 * <p>"Best offline" is the lower load-time penalty of the two {@link OfflinePolicies} at the same
 * trace and budget. It is a reference, not an optimum: with variable sizes and costs the optimum is
 * NP-hard, and an online policy can come out below it (a negative gap).
 */
public final class Report {
  private static final String CSV_HEADER =
      "trace,policy,kind,budget_fraction,budget_bytes,accesses,hits,misses,hit_rate,"
          + "byte_hit_rate,loads,load_seconds,penalty_vs_lru,gap_to_best_offline,"
          + "evicted_size,evicted_count,rejected,refused";

  private final List<Row> rows;

  public Report(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  public List<Row> rows() {
    return rows;
  }

  /** The row of {@code policy} at the same trace and budget as {@code row}. */
  public Optional<Row> find(Row row, String policy) {
    return rows.stream().filter(r -> r.sameRun(row) && r.policy().equals(policy)).findFirst();
  }

  /** This row's load-time penalty over LRU's at the same trace and budget. */
  public OptionalDouble penaltyVsLru(Row row) {
    return find(row, "lru")
        .filter(lru -> lru.result().loadNanos() > 0)
        .map(lru -> OptionalDouble.of((double) row.result().loadNanos() / lru.result().loadNanos()))
        .orElse(OptionalDouble.empty());
  }

  /**
   * How much more load time this row spent than the best offline reference at the same trace and
   * budget, as a fraction: 0.25 is 25% more; negative where the row did better.
   */
  public OptionalDouble gapToBestOffline(Row row) {
    long best =
        rows.stream()
            .filter(r -> r.sameRun(row) && r.kind() == Contender.Kind.OFFLINE)
            .mapToLong(r -> r.result().loadNanos())
            .min()
            .orElse(-1);
    return best <= 0
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) row.result().loadNanos() / best - 1);
  }

  /** Prints one table for {@code trace}. */
  public void print(Trace trace, PrintStream out) {
    out.printf(
        Locale.ROOT,
        "%n%s: %d accesses, %d models, %.2f GiB distinct, %s%n",
        trace.name(),
        trace.size(),
        trace.models().size(),
        trace.distinctBytes() / (double) (1L << 30),
        trace.isUniform() ? "uniform size and cost" : "mixed sizes and costs");
    out.printf(
        Locale.ROOT,
        "%-19s %-14s %6s %6s %10s %7s %8s %6s %6s %7s %5s%n",
        "policy",
        "budget",
        "hit",
        "byte",
        "penalty s",
        "vs LRU",
        "gap off",
        "loads",
        "evict",
        "refused",
        "rej");
    for (Row row : rows) {
      if (!row.trace().equals(trace.name())) {
        continue;
      }
      RunResult r = row.result();
      out.printf(
          Locale.ROOT,
          "%-19s %3.0f%% %6.0f MiB %5.1f%% %5.1f%% %10.1f %7s %8s %6d %6d %7d %5d%n",
          row.policy(),
          row.budgetFraction() * 100,
          r.budgetBytes() / (double) (1L << 20),
          r.hitRate() * 100,
          r.byteHitRate() * 100,
          r.penaltySeconds(),
          format(penaltyVsLru(row), "%.2f", 1),
          format(gapToBestOffline(row), "%+.0f%%", 100),
          r.loads(),
          r.evictions(),
          r.refused(),
          r.rejected());
    }
  }

  /** Writes every row, with the derived figures, as CSV. */
  public void writeCsv(Path file) {
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write(CSV_HEADER + "\n");
        for (Row row : rows) {
          out.write(csv(row) + "\n");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private String csv(Row row) {
    RunResult r = row.result();
    return String.join(
        ",",
        row.trace(),
        row.policy(),
        row.kind().name().toLowerCase(Locale.ROOT),
        String.valueOf(row.budgetFraction()),
        String.valueOf(r.budgetBytes()),
        String.valueOf(r.accesses()),
        String.valueOf(r.hits()),
        String.valueOf(r.misses()),
        String.format(Locale.ROOT, "%.6f", r.hitRate()),
        String.format(Locale.ROOT, "%.6f", r.byteHitRate()),
        String.valueOf(r.loads()),
        String.format(Locale.ROOT, "%.3f", r.penaltySeconds()),
        format(penaltyVsLru(row), "%.4f", 1),
        format(gapToBestOffline(row), "%.4f", 1),
        String.valueOf(r.evictedForSize()),
        String.valueOf(r.evictedForCount()),
        String.valueOf(r.rejected()),
        String.valueOf(r.refused()));
  }

  private static String format(OptionalDouble value, String pattern, double scale) {
    return value.isPresent()
        ? String.format(Locale.ROOT, pattern, value.getAsDouble() * scale)
        : "";
  }
}
