package dev.modelcache.service.telemetry;

import dev.modelcache.api.ModelId;
import dev.modelcache.logging.LogContext;
import java.util.function.BiConsumer;
import java.util.logging.LogRecord;

/**
 * The fields the service adds to JSON log lines: {@code model.name} for a record that carries a
 * {@link ModelId} among its parameters (the engine's load, eviction and failure lines do), and
 * through {@link Telemetry} the current {@code trace.id} and {@code span.id}. Installed into the
 * server's {@link LogContext} when the server has it (the uber jar's class path); a server without
 * it writes its own format and nothing is installed. Thread-safe.
 */
final class LogFields implements LogContext.ExtraFields {
  private final BiConsumer<LogRecord, BiConsumer<String, String>> traceIds;

  /**
   * @param traceIds adds the current trace and span ids, or does nothing
   */
  LogFields(BiConsumer<LogRecord, BiConsumer<String, String>> traceIds) {
    this.traceIds = traceIds;
  }

  /**
   * Installs the fields into the server's log formatter.
   *
   * @return what {@link #uninstall} takes back
   * @throws LinkageError where the server's class path has no {@code cache-logging}
   */
  static Object install(BiConsumer<LogRecord, BiConsumer<String, String>> traceIds) {
    LogFields fields = new LogFields(traceIds);
    LogContext.install(fields);
    return fields;
  }

  /** Removes fields {@link #install} returned. */
  static void uninstall(Object installed) {
    LogContext.uninstall((LogFields) installed);
  }

  @Override
  public void add(LogRecord record, BiConsumer<String, String> field) {
    Object[] parameters = record.getParameters();
    if (parameters != null) {
      for (Object parameter : parameters) {
        if (parameter instanceof ModelId model) {
          field.accept("model.name", model.toString());
          break;
        }
      }
    }
    traceIds.accept(record, field);
  }
}
