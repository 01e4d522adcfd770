package dev.modelcache.service.telemetry;

import jakarta.servlet.http.HttpServletRequest;

/** Opens {@link ServerSpan}s, continuing the caller's W3C {@code traceparent}. Thread-safe. */
@FunctionalInterface
public interface ServerSpans {
  /** No tracing: {@link ServerSpan#NONE}, at no cost. */
  ServerSpans OFF = (request, route) -> ServerSpan.NONE;

  /**
   * Opens the server span of a request and makes it current on this thread.
   *
   * @param route the matched route, e.g. {@code /predict}
   */
  ServerSpan open(HttpServletRequest request, String route);
}
