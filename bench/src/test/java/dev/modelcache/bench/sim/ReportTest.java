package dev.modelcache.bench.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  private static final Row LRU = row("lru", Contender.Kind.ONLINE, 100, 400);
  private static final Row COST = row("cost-aware", Contender.Kind.ONLINE, 120, 300);
  private static final Row BELADY = row("belady", Contender.Kind.OFFLINE, 150, 250);
  private static final Row OFFLINE = row("cost-aware-offline", Contender.Kind.OFFLINE, 140, 200);
  private static final Report REPORT = new Report(List.of(LRU, COST, BELADY, OFFLINE));

  @Test
  void penaltyIsComparedWithLruAtTheSameTraceAndBudget() {
    assertEquals(0.75, REPORT.penaltyVsLru(COST).getAsDouble(), 1e-12);
    assertEquals(1.0, REPORT.penaltyVsLru(LRU).getAsDouble(), 1e-12);
  }

  @Test
  void theGapIsToTheLowerPenaltyOfTheOfflineReferences() {
    assertEquals(0.5, REPORT.gapToBestOffline(COST).getAsDouble(), 1e-12);
    assertEquals(0.0, REPORT.gapToBestOffline(OFFLINE).getAsDouble(), 1e-12);
    assertEquals(0.25, REPORT.gapToBestOffline(BELADY).getAsDouble(), 1e-12);
  }

  @Test
  void aRowOfAnotherBudgetIsNotCompared() {
    Row elsewhere = new Row("t", "cost-aware", Contender.Kind.ONLINE, 0.5, COST.result());

    assertFalse(REPORT.penaltyVsLru(elsewhere).isPresent());
  }

  @Test
  void theTableAndTheCsvCarryEveryRow(@TempDir Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    REPORT.print(
        new Trace("t", Traces.of("a b", 10).accesses()),
        new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Path csv = dir.resolve("out/simulation.csv");

    REPORT.writeCsv(csv);

    String table = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(table.contains("cost-aware-offline"), table);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(5, lines.size());
    assertTrue(lines.get(2).startsWith("t,cost-aware,online,0.1,"), lines.get(2));
    assertTrue(lines.get(2).contains(",0.7500,0.5000,"), lines.get(2));
  }

  private static Row row(String policy, Contender.Kind kind, long hits, long loadMillis) {
    RunResult r =
        new RunResult(
            10, 200, hits, 200 - hits, hits, 200, 200 - hits, loadMillis * 1_000_000, 5, 0, 0, 0);
    return new Row("t", policy, kind, 0.1, r);
  }
}
