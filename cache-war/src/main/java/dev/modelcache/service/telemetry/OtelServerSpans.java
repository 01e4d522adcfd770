package dev.modelcache.service.telemetry;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;

/**
 * Server spans for requests answered outside JAX-RS, named and attributed as the server names its
 * JAX-RS spans ({@code POST /predict}; {@code http.method}, {@code http.route}, {@code
 * http.status_code}, ...), continuing the caller's context from its headers with the configured
 * propagators ({@code OTEL_PROPAGATORS}: W3C {@code traceparent} and baggage by default).
 * Thread-safe.
 */
final class OtelServerSpans implements ServerSpans {
  private static final TextMapGetter<HttpServletRequest> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpServletRequest request) {
          return Collections.list(request.getHeaderNames());
        }

        @Override
        public String get(HttpServletRequest request, String key) {
          return request == null ? null : request.getHeader(key);
        }
      };

  private final Tracer tracer;
  private final TextMapPropagator propagator;

  OtelServerSpans(Tracer tracer, TextMapPropagator propagator) {
    this.tracer = tracer;
    this.propagator = propagator;
  }

  @Override
  public ServerSpan open(HttpServletRequest request, String route) {
    Context parent = propagator.extract(Context.current(), request, HEADERS);
    Span span =
        tracer
            .spanBuilder(request.getMethod() + " " + route)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.method", request.getMethod())
            .setAttribute("http.route", route)
            .setAttribute("http.target", request.getRequestURI())
            .setAttribute("http.scheme", request.getScheme())
            .setAttribute("net.host.port", (long) request.getLocalPort())
            .setAttribute("net.sock.peer.addr", request.getRemoteAddr())
            .startSpan();
    Scope scope = parent.with(span).makeCurrent();
    return new Opened(span, scope);
  }

  private static final class Opened implements ServerSpan {
    private final Span span;
    private final Scope scope;

    Opened(Span span, Scope scope) {
      this.span = span;
      this.scope = scope;
    }

    @Override
    public void status(int status) {
      span.setAttribute("http.status_code", (long) status);
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
    }

    @Override
    public void close() {
      scope.close();
      span.end();
    }
  }
}
