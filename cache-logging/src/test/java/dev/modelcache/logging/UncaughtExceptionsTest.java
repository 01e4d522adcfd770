package dev.modelcache.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** A thread that dies of an exception is logged (so a JSON log stays JSON), never twice handled. */
class UncaughtExceptionsTest {
  @Test
  void aDyingThreadIsLoggedWithItsException() throws InterruptedException {
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    Logger logger = Logger.getLogger(UncaughtExceptions.LOGGER);
    List<LogRecord> records = new ArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public synchronized void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(capture);
    logger.setUseParentHandlers(false);
    try {
      Thread.setDefaultUncaughtExceptionHandler(null);
      assertTrue(UncaughtExceptions.logThroughJul());
      assertFalse(UncaughtExceptions.logThroughJul(), "a handler is set: left alone");
      IllegalStateException boom = new IllegalStateException("boom");
      Thread dying =
          new Thread(
              () -> {
                throw boom;
              },
              "exporter-1");
      dying.start();
      dying.join();
      synchronized (capture) {
        assertEquals(1, records.size());
        assertEquals(Level.SEVERE, records.get(0).getLevel());
        assertEquals("uncaught exception in thread exporter-1", records.get(0).getMessage());
        assertSame(boom, records.get(0).getThrown());
      }
    } finally {
      logger.removeHandler(capture);
      logger.setUseParentHandlers(true);
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
  }
}
