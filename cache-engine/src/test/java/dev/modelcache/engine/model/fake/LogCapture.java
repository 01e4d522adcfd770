package dev.modelcache.engine.model.fake;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects the formatted log lines of the model sources at every level, for a test's duration. */
public final class LogCapture extends Handler implements AutoCloseable {
  private static final String ROOT = "dev.modelcache.engine.model";

  private final Logger logger = Logger.getLogger(ROOT);
  private final Level previous = logger.getLevel();
  private final List<String> lines = new ArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  /** Starts capturing; {@link #close()} stops. */
  public LogCapture() {
    setLevel(Level.ALL);
    logger.setLevel(Level.ALL);
    logger.addHandler(this);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    lines.add(record.getLevel() + " " + formatter.formatMessage(record));
  }

  /** The lines so far, each prefixed with its level. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  /** The lines so far, joined by newlines. */
  public synchronized String all() {
    return String.join("\n", lines);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previous);
  }
}
