package dev.modelcache.service.telemetry;

import dev.modelcache.engine.trace.Tracing;
import dev.modelcache.service.settings.Settings;
import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.logging.LogRecord;

/**
 * The service's tracing and log fields, chosen once at start-up. Tracing is on when MicroProfile
 * Telemetry's SDK is ({@code otel.sdk.disabled=false}, which {@code OTEL_SDK_DISABLED=false} sets);
 * the exporter, its endpoint and protocol, the service name and the sampler are the standard {@code
 * OTEL_*} settings, which the server's OpenTelemetry SDK reads itself. Immutable.
 */
public final class Telemetry {
  private static final System.Logger LOG = System.getLogger(Telemetry.class.getName());
  private static final BiConsumer<LogRecord, BiConsumer<String, String>> NO_IDS = (r, f) -> {};

  /** No tracing; log lines still get {@code model.name}. */
  public static final Telemetry OFF = new Telemetry(Tracing.off(), ServerSpans.OFF, NO_IDS);

  private final Tracing tracing;
  private final ServerSpans serverSpans;
  private final BiConsumer<LogRecord, BiConsumer<String, String>> traceIds;
  private volatile Object installed;

  Telemetry(
      Tracing tracing,
      ServerSpans serverSpans,
      BiConsumer<LogRecord, BiConsumer<String, String>> traceIds) {
    this.tracing = tracing;
    this.serverSpans = serverSpans;
    this.traceIds = traceIds;
  }

  /**
   * Tracing with the server's OpenTelemetry SDK if {@code otel.sdk.disabled} is false, else {@link
   * #OFF}; also {@link #OFF}, with a warning, where the server provides no OpenTelemetry.
   */
  public static Telemetry from(Settings settings) {
    boolean disabled =
        settings
            .value("otel.sdk.disabled")
            .map(v -> v.trim().toLowerCase(Locale.ROOT))
            .map(v -> v.equals("true") || v.equals("1") || v.equals("yes") || v.equals("on"))
            .orElse(true);
    if (disabled) {
      return OFF;
    }
    try {
      Telemetry telemetry = OtelTelemetry.create();
      LOG.log(Level.INFO, "tracing on: OpenTelemetry, settings from the OTEL_* variables");
      return telemetry;
    } catch (LinkageError | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "OTEL_SDK_DISABLED=false, but this server provides no OpenTelemetry; tracing stays off: "
              + e);
      return OFF;
    }
  }

  /** What the engine records its steps into. */
  public Tracing tracing() {
    return tracing;
  }

  /** Server spans for the requests answered outside JAX-RS. */
  public ServerSpans serverSpans() {
    return serverSpans;
  }

  /**
   * Adds the service's fields to the server's JSON log lines, where the server's log formatter is
   * the service's ({@code cache-logging} on its class path); does nothing elsewhere. No type of
   * {@code cache-logging} appears in this class: it is loaded on servers that lack it (Open
   * Liberty, GlassFish), and only {@link LogFields} fails to load there.
   */
  public void installLogFields() {
    try {
      installed = LogFields.install(traceIds);
    } catch (LinkageError e) {
      LOG.log(Level.DEBUG, "the server log has its own format: no fields added (" + e + ")");
    }
  }

  /** Removes what {@link #installLogFields} installed. */
  public void uninstallLogFields() {
    Object fields = installed;
    if (fields != null) {
      LogFields.uninstall(fields);
      installed = null;
    }
  }
}
