package dev.modelcache.logging;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Routes exceptions that end a thread through the log instead of the JVM's plain "Exception in
 * thread ..." lines on standard error, so that a JSON log stays JSON (a library's worker thread
 * that dies, such as an exporter's HTTP dispatcher, would otherwise print a raw stack trace).
 * Installed only where no default handler is set. Thread-safe.
 */
final class UncaughtExceptions {
  /** The logger that uncaught exceptions are logged on, at {@code SEVERE}. */
  static final String LOGGER = "dev.modelcache.uncaught";

  private UncaughtExceptions() {}

  /**
   * Sets the default uncaught-exception handler unless one is set.
   *
   * @return whether this call set it
   */
  static synchronized boolean logThroughJul() {
    if (Thread.getDefaultUncaughtExceptionHandler() != null) {
      return false;
    }
    Logger logger = Logger.getLogger(LOGGER);
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, error) ->
            logger.log(Level.SEVERE, "uncaught exception in thread " + thread.getName(), error));
    return true;
  }
}
