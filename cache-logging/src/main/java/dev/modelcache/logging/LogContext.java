package dev.modelcache.logging;

import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.logging.LogRecord;

/**
 * Fields of a log line that only the application knows: the trace and span of the request being
 * served, the model a line is about. The application installs one {@link ExtraFields} when it
 * starts and removes it when it stops; {@link ServiceLogFormatter} asks it for every JSON line, on
 * the thread that logged (the console handler formats synchronously). Thread-safe.
 */
public final class LogContext {
  /** Adds fields to one line. */
  @FunctionalInterface
  public interface ExtraFields {
    /**
     * Called for every JSON line, on the logging thread; must be fast, must not log, must not
     * throw.
     *
     * @param record the record being written
     * @param field takes a field's name (e.g. {@code trace.id}) and its non-null value
     */
    void add(LogRecord record, BiConsumer<String, String> field);
  }

  private static final ExtraFields NONE = (record, field) -> {};

  private static volatile ExtraFields extra = NONE;

  private LogContext() {}

  /** Sets the application's fields, replacing any earlier ones. */
  public static void install(ExtraFields fields) {
    extra = Objects.requireNonNull(fields, "fields");
  }

  /** Removes {@code fields} if they are the ones installed (an application that stops). */
  public static void uninstall(ExtraFields fields) {
    if (extra == fields) {
      extra = NONE;
    }
  }

  static ExtraFields current() {
    return extra;
  }
}
