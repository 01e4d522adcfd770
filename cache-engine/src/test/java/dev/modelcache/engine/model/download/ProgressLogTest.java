package dev.modelcache.engine.model.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Download progress lines: when they are written, at which level, and what they say. */
class ProgressLogTest {
  private static final long MB = 1L << 20;

  private final Logger log = Logger.getLogger("test.progress");
  private final List<LogRecord> records = new ArrayList<>();
  private final AtomicLong now = new AtomicLong();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void capture() {
    log.setUseParentHandlers(false);
    log.setLevel(Level.ALL);
    log.addHandler(handler);
  }

  @AfterEach
  void release() {
    log.removeHandler(handler);
  }

  @Test
  void aLargeFileLogsEachQuarterAtInfoWithItsRate() {
    ProgressLog progress =
        new ProgressLog(System.getLogger(log.getName()), "org/m model.onnx", 100 * MB, 0, now::get);

    for (long bytes = MB; bytes <= 100 * MB; bytes += MB) {
      now.addAndGet(10_000_000); // 10 ms per MB: 100 MB/s
      progress.advance(bytes);
    }
    progress.done(100 * MB);

    assertEquals(5, records.size(), messages());
    assertTrue(records.stream().allMatch(r -> r.getLevel() == Level.INFO));
    assertTrue(
        records.get(0).getMessage().contains("25.0 of 100.0 MB (25%), 100.0 MB/s"), messages());
    assertTrue(
        records.get(4).getMessage().contains("downloaded org/m model.onnx: 100.0 MB in 1.0 s"),
        messages());
  }

  @Test
  void aSlowDownloadAlsoLogsEveryTenSeconds() {
    ProgressLog progress =
        new ProgressLog(System.getLogger(log.getName()), "slow", 100 * MB, 0, now::get);

    now.addAndGet(11_000_000_000L);
    progress.advance(MB);

    assertEquals(1, records.size());
    assertTrue(records.get(0).getMessage().contains("1.0 of 100.0 MB (1%)"), messages());
  }

  @Test
  void aSmallFileLogsAtFine() {
    ProgressLog progress =
        new ProgressLog(System.getLogger(log.getName()), "config.json", 600, 0, now::get);

    progress.advance(600);
    progress.done(600);

    assertTrue(records.stream().allMatch(r -> r.getLevel() == Level.FINE), messages());
  }

  @Test
  void aResumedDownloadSaysWhereItResumed() {
    ProgressLog progress =
        new ProgressLog(System.getLogger(log.getName()), "resumed", 40 * MB, 30 * MB, now::get);

    now.addAndGet(1_000_000_000L);
    progress.done(40 * MB);

    assertTrue(records.get(0).getMessage().contains("(resumed at 30.0 MB)"), messages());
    assertTrue(records.get(0).getMessage().contains("10.0 MB/s"), messages());
  }

  private String messages() {
    return records.stream().map(LogRecord::getMessage).toList().toString();
  }
}
