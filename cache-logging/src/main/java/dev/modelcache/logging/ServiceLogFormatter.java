package dev.modelcache.logging;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * The server log's formatter, named in the uber jar's {@code logging.properties}. {@code
 * MODEL_CACHE_LOG_FORMAT} (environment variable or system property, read once when the log manager
 * creates the formatter) chooses:
 *
 * <ul>
 *   <li>{@code text} (default): {@link SimpleFormatter} with its configured format;
 *   <li>{@code json}: one JSON object per record, on one line, with Elastic Common Schema names:
 *       {@code @timestamp} (UTC, milliseconds), {@code log.level} ({@code ERROR}, {@code WARN},
 *       {@code INFO}, {@code DEBUG}, {@code TRACE}), {@code log.logger}, {@code message}, {@code
 *       service.name} ({@code OTEL_SERVICE_NAME}, else {@code model-cache}), {@code ecs.version},
 *       {@code error.type}, {@code error.message} and {@code error.stack_trace} (one field) when
 *       the record has a throwable, and what {@link LogContext} adds ({@code trace.id}, {@code
 *       span.id}, {@code model.name}).
 * </ul>
 *
 * Any other value is refused at start with an {@link IllegalArgumentException}. In JSON, the log
 * manager's formatter also routes exceptions that end a thread through the log ({@link
 * UncaughtExceptions}), where no other default handler is set. Thread-safe.
 */
public class ServiceLogFormatter extends Formatter {
  /** The setting's name, as environment variable and as system property. */
  public static final String SETTING = "MODEL_CACHE_LOG_FORMAT";

  static final String ECS_VERSION = "8.11.0";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private final boolean json;
  private final String serviceName;
  private final SimpleFormatter text = new SimpleFormatter();

  /** As the log manager creates it: the format from {@code MODEL_CACHE_LOG_FORMAT}. */
  public ServiceLogFormatter() {
    this(setting(SETTING), setting("OTEL_SERVICE_NAME"));
    if (json) {
      UncaughtExceptions.logThroughJul();
    }
  }

  /**
   * @param format {@code json} or {@code text}; null or blank for text
   * @param serviceName {@code service.name}; null or blank for {@code model-cache}
   */
  ServiceLogFormatter(String format, String serviceName) {
    String f = format == null || format.isBlank() ? "text" : format.trim();
    if (!f.equalsIgnoreCase("json") && !f.equalsIgnoreCase("text")) {
      throw new IllegalArgumentException(SETTING + " must be json or text: " + format);
    }
    this.json = f.equalsIgnoreCase("json");
    this.serviceName =
        serviceName == null || serviceName.isBlank() ? "model-cache" : serviceName.trim();
  }

  private static String setting(String name) {
    String value = System.getProperty(name);
    return value != null ? value : System.getenv(name);
  }

  /** Whether lines are JSON. */
  public boolean isJson() {
    return json;
  }

  @Override
  public String format(LogRecord record) {
    if (!json) {
      return text.format(record);
    }
    JsonLine line =
        new JsonLine()
            .field("@timestamp", TIMESTAMP.format(record.getInstant()))
            .field("log.level", level(record.getLevel()))
            .field("log.logger", record.getLoggerName())
            .field("message", message(record))
            .field("service.name", serviceName)
            .field("ecs.version", ECS_VERSION);
    Throwable error = record.getThrown();
    if (error != null) {
      line.field("error.type", error.getClass().getName())
          .field("error.message", error.getMessage())
          .field("error.stack_trace", stackTrace(error));
    }
    try {
      LogContext.current().add(record, line::field);
    } catch (RuntimeException e) {
      line.field("log.context_error", e.toString());
    }
    return line.end();
  }

  /** The message with its parameters filled in; the raw message if formatting it fails. */
  private String message(LogRecord record) {
    try {
      return formatMessage(record);
    } catch (RuntimeException e) {
      return record.getMessage();
    }
  }

  /** ECS-style level names for the JDK's levels. */
  static String level(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (value >= Level.INFO.intValue()) {
      return "INFO";
    }
    if (value >= Level.FINE.intValue()) {
      return "DEBUG";
    }
    return "TRACE";
  }

  private static String stackTrace(Throwable error) {
    StringWriter out = new StringWriter();
    try (PrintWriter writer = new PrintWriter(out)) {
      error.printStackTrace(writer);
    }
    return out.toString();
  }
}
