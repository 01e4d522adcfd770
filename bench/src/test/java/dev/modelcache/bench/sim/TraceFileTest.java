package dev.modelcache.bench.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TraceFileTest {

  @Test
  void aWrittenTraceReadsBackEqual(@TempDir Path dir) {
    Trace trace =
        Workloads.zipf("round-trip", Workloads.mixedCatalog("m", 12, new Random(7)), 500, 11);
    Path file = dir.resolve("round-trip.csv");

    TraceFile.write(trace, file);

    assertEquals(trace, TraceFile.read(file));
  }

  @Test
  void commentsBlankLinesSpacesAndFractionalMillisecondsAreAccepted() throws IOException {
    String text =
        """
        # exported from the access log, 2026-01-01
        model, size_bytes, load_ms

        spam-detector,1048576,55.25
          org/deberta-v3@main , 419430400 , 2150
        # a comment between accesses
        spam-detector,1048576,0.000001
        """;

    Trace trace = read(text);

    assertEquals(3, trace.size());
    assertEquals(Access.of("spam-detector", 1_048_576, 55.25), trace.get(0));
    assertEquals(2_150_000_000L, trace.get(1).loadNanos());
    assertEquals("org/deberta-v3@main", trace.get(1).model().toString());
    assertEquals(1, trace.get(2).loadNanos());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          wrong header           | model,bytes,ms                  | 2 | expected the header
          too few fields         | a,10                            | 3 | expected 3 fields
          too many fields        | a,10,5,extra                    | 3 | expected 3 fields
          size not a number      | a,10MB,5                        | 3 | size_bytes must be
          size zero              | a,0,5                           | 3 | size_bytes must be
          negative load          | a,10,-5                         | 3 | load_ms must be
          load not a number      | a,10,fast                       | 3 | load_ms must be
          bad model name         | ../etc,10,5                     | 3 | bad model name
          """)
  void aBadLineIsReportedWithItsNumber(String why, String line, int number, String problem) {
    String text =
        number == 2
            ? "# header missing\n" + line + "\n"
            : "# ok\n" + TraceFile.HEADER + "\n" + line;

    TraceFormatException e = assertThrows(TraceFormatException.class, () -> read(text));

    assertEquals(number, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith("trace.csv:" + number + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void aLaterBadLineIsFoundAfterGoodOnes() {
    String text = TraceFile.HEADER + "\na,10,5\nb,10,5\n\nc,ten,5\n";

    TraceFormatException e = assertThrows(TraceFormatException.class, () -> read(text));

    assertEquals(5, e.line());
    assertTrue(e.getMessage().contains("'ten'"), e.getMessage());
  }

  @Test
  void aFileWithoutAccessesIsRefused(@TempDir Path dir) throws IOException {
    Path file =
        Files.writeString(dir.resolve("empty.csv"), "# nothing\n" + TraceFile.HEADER + "\n");

    TraceFormatException e = assertThrows(TraceFormatException.class, () -> TraceFile.read(file));

    assertTrue(e.getMessage().contains("no accesses"), e.getMessage());
  }

  @Test
  void theWriterStartsWithACommentAndTheHeader() throws IOException {
    StringWriter out = new StringWriter();

    TraceFile.write(Traces.of(Access.of("a", 5, 1.5)), out);

    assertEquals("# trace test: 1 accesses\n" + TraceFile.HEADER + "\na,5,1.5\n", out.toString());
  }

  private static Trace read(String text) throws IOException {
    return TraceFile.read(new StringReader(text), "trace", "trace.csv");
  }
}
