package dev.modelcache.service.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditFileTest {

  private static LogRecord line(String text) {
    return new LogRecord(Level.INFO, text);
  }

  @Test
  void linesAreAppendedToTheFileAtOnceAndSurviveAReopen(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("logs/audit.log");
    AuditFile first = new AuditFile(file, 1000, 2);
    first.publish(line("one"));

    assertEquals(List.of("one"), Files.readAllLines(file), "written before close");
    first.close();
    AuditFile second = new AuditFile(file, 1000, 2);
    second.publish(line("two"));
    second.close();

    assertEquals(List.of("one", "two"), Files.readAllLines(file));
  }

  @Test
  void theFileRotatesBySizeKeepingTheNewestAndTheConfiguredNumberOfOldOnes(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("audit.log");
    AuditFile log = new AuditFile(file, 10, 2); // each line "lineN\n" is 6 bytes: one per file

    for (int i = 1; i <= 5; i++) {
      log.publish(line("line" + i));
    }
    log.close();

    assertEquals(List.of("line5"), Files.readAllLines(file));
    assertEquals(List.of("line4"), Files.readAllLines(dir.resolve("audit.log.1")));
    assertEquals(List.of("line3"), Files.readAllLines(dir.resolve("audit.log.2")));
    assertFalse(Files.exists(dir.resolve("audit.log.3")), "only two rotated files are kept");
  }

  @Test
  void aLineLongerThanTheLimitIsStillWrittenWhole(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("audit.log");
    AuditFile log = new AuditFile(file, 4, 1);

    log.publish(line("a-long-line"));
    log.publish(line("b"));
    log.close();

    assertEquals(List.of("b"), Files.readAllLines(file));
    assertEquals(List.of("a-long-line"), Files.readAllLines(dir.resolve("audit.log.1")));
  }

  @Test
  void nothingIsWrittenAfterClose(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("audit.log");
    AuditFile log = new AuditFile(file, 100, 1);
    log.close();

    log.publish(line("late"));

    assertTrue(Files.readAllLines(file).isEmpty());
  }
}
