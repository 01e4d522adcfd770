package dev.modelcache.service.lifecycle;

import dev.modelcache.api.ShuttingDownException;
import dev.modelcache.service.rest.errors.ErrorReply;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The first filter of every request ({@code WEB-INF/web.xml} puts it before the annotated ones):
 * counts it in the {@link Drain} while it runs, and once the service refuses new requests answers
 * 503 {@code shutting_down} with {@code Retry-After} in the one JSON error shape. From SIGTERM on,
 * answers carry {@code Connection: close}, so that clients that keep connections open reconnect
 * (through a load balancer, to another instance). The health endpoints always pass, uncounted: a
 * probe must keep seeing readiness down and liveness up while the service drains.
 */
public class StopFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Inject transient StopOnSigterm stop;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (isHealth(request)) {
      chain.doFilter(request, response);
      return;
    }
    Drain drain = stop.drain();
    Drain.Permit permit;
    try {
      permit = drain.enter();
    } catch (ShuttingDownException e) {
      response.setHeader("Connection", "close");
      ErrorReply.of(e).send(response);
      return;
    }
    try {
      if (drain.state() != Drain.State.SERVING) {
        response.setHeader("Connection", "close");
      }
      chain.doFilter(request, response);
    } finally {
      permit.close();
    }
  }

  private static boolean isHealth(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return path.equals("/health") || path.startsWith("/health/");
  }
}
