package dev.modelcache.service.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.inject.spi.CDI;

/**
 * {@link Telemetry} on the OpenTelemetry SDK that the server's MicroProfile Telemetry configured
 * for this application (looked up once, through CDI, at start-up). The only entry into the {@code
 * Otel*} classes: nothing loads them while tracing is off.
 */
final class OtelTelemetry {
  /** The instrumentation scope of the service's own spans. */
  static final String SCOPE = "dev.modelcache";

  private OtelTelemetry() {}

  static Telemetry create() {
    OpenTelemetry otel = CDI.current().select(OpenTelemetry.class).get();
    Tracer tracer = otel.getTracer(SCOPE);
    return new Telemetry(
        () -> new OtelRequestTrace(tracer, Context.current()),
        new OtelServerSpans(tracer, otel.getPropagators().getTextMapPropagator()),
        (record, field) -> {
          SpanContext span = Span.current().getSpanContext();
          if (span.isValid()) {
            field.accept("trace.id", span.getTraceId());
            field.accept("span.id", span.getSpanId());
          }
        });
  }
}
