package dev.modelcache.service.telemetry;

import dev.modelcache.engine.trace.RequestTrace;
import dev.modelcache.engine.trace.Step;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A request's trace in OpenTelemetry: each engine step is a span whose parent is the span current
 * when the request entered the engine (the server span), whichever thread records it. Immutable;
 * thread-safe as spans are.
 */
final class OtelRequestTrace implements RequestTrace {
  private final Tracer tracer;
  private final Context parent;

  OtelRequestTrace(Tracer tracer, Context parent) {
    this.tracer = tracer;
    this.parent = parent;
  }

  @Override
  public boolean isOn() {
    return true;
  }

  @Override
  public Step start(String name) {
    return new OtelStep(builder(name).startSpan());
  }

  @Override
  public Step startedBefore(String name, long nanosAgo) {
    Instant now = Instant.now();
    long epochNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano() - nanosAgo;
    return new OtelStep(
        builder(name).setStartTimestamp(epochNanos, TimeUnit.NANOSECONDS).startSpan());
  }

  @Override
  public Step startShared(String name, List<RequestTrace> others) {
    SpanBuilder builder = builder(name);
    for (RequestTrace other : others) {
      if (other instanceof OtelRequestTrace o) {
        builder.addLink(Span.fromContext(o.parent).getSpanContext());
      }
    }
    return new OtelStep(builder.startSpan());
  }

  private SpanBuilder builder(String name) {
    return tracer.spanBuilder(name).setParent(parent);
  }

  /** One step as a span. */
  private record OtelStep(Span span) implements Step {
    @Override
    public Step set(String key, String value) {
      span.setAttribute(key, value);
      return this;
    }

    @Override
    public Step set(String key, long value) {
      span.setAttribute(key, value);
      return this;
    }

    @Override
    public void end() {
      span.end();
    }

    @Override
    public void fail(Throwable error) {
      span.recordException(error);
      span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
      span.end();
    }
  }
}
