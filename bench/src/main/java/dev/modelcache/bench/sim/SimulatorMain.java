package dev.modelcache.bench.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Replays traces through every contender at a sweep of budgets and prints a table per trace, the
 * acceptance checks, and a CSV of every row. Usage:
 *
 * <pre>SimulatorMain [--csv FILE] [--seed N] [--write-traces DIR] [trace.csv ...]</pre>
 *
 * <p>Without trace files it generates the default suite ({@link Workloads#defaults}); {@code
 * --write-traces} saves those in the {@link TraceFile} format. Budgets are 10%, 20%, 30% and 50% of
 * each trace's distinct bytes, with no practical limit on the model count. Replays run in parallel,
 * one trace and budget per task; the output does not depend on the thread count.
 */
public final class SimulatorMain {
  static final double[] BUDGETS = {0.10, 0.20, 0.30, 0.50};
  static final int MAX_MODELS = 10_000;

  private SimulatorMain() {}

  public static void main(String[] args) {
    Path csv = Path.of("bench/target/simulation.csv");
    long seed = 42;
    Path writeTraces = null;
    List<Trace> traces = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--csv" -> csv = Path.of(value(args, ++i));
        case "--seed" -> seed = Long.parseLong(value(args, ++i));
        case "--write-traces" -> writeTraces = Path.of(value(args, ++i));
        default -> traces.add(TraceFile.read(Path.of(args[i])));
      }
    }
    if (traces.isEmpty()) {
      traces.addAll(Workloads.defaults(seed));
    }
    if (writeTraces != null) {
      createDirectories(writeTraces);
      for (Trace trace : traces) {
        TraceFile.write(trace, writeTraces.resolve(trace.name() + ".csv"));
      }
    }
    EngineReplay.quietEngineLog();
    long start = System.nanoTime();
    Report report = simulate(traces, Contender.defaults());
    System.out.println(
        "Load-time penalty = sum of load times of the loads performed (refused and rejected"
            + " requests load nothing).");
    System.out.println(
        "vs LRU = penalty / LRU's; gap off = penalty over the best offline reference's (belady,"
            + " cost-aware-offline): references, not optima, for mixed sizes.");
    for (Trace trace : traces) {
      report.print(trace, System.out);
    }
    boolean pass = AcceptanceChecks.print(report, traces, System.out);
    report.writeCsv(csv);
    System.out.printf(
        Locale.ROOT,
        "%nall checks %s; %d replays in %.1f s; rows written to %s%n",
        pass ? "pass" : "DO NOT all pass",
        report.rows().size(),
        (System.nanoTime() - start) / 1e9,
        csv);
  }

  /** Runs every contender on every trace at every budget. */
  static Report simulate(List<Trace> traces, List<Contender> contenders) {
    List<Row> rows =
        IntStream.range(0, traces.size() * BUDGETS.length)
            .parallel()
            .mapToObj(
                task ->
                    run(
                        traces.get(task / BUDGETS.length),
                        BUDGETS[task % BUDGETS.length],
                        contenders))
            .flatMap(List::stream)
            .toList();
    return new Report(rows);
  }

  private static List<Row> run(Trace trace, double fraction, List<Contender> contenders) {
    long budget = Math.max(1, Math.round(trace.distinctBytes() * fraction));
    List<Row> rows = new ArrayList<>(contenders.size());
    for (Contender c : contenders) {
      rows.add(
          new Row(trace.name(), c.label(), c.kind(), fraction, c.run(trace, budget, MAX_MODELS)));
    }
    return rows;
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException("missing value after " + args[i - 1]);
    }
    return args[i];
  }
}
