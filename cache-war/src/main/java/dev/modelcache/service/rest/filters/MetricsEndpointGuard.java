package dev.modelcache.service.rest.filters;

import dev.modelcache.api.ModelCacheException;
import dev.modelcache.service.rest.errors.ErrorReply;
import dev.modelcache.service.security.Area;
import dev.modelcache.service.security.Caller;
import dev.modelcache.service.security.Credentials;
import dev.modelcache.service.security.Guard;
import dev.modelcache.service.security.SecurityService;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;

/**
 * Payara serves MicroProfile Metrics at {@code /mp-metrics} with a servlet of its own, added to
 * this application's context: no JAX-RS filter sees it. This servlet filter applies the {@link
 * Area#METRICS} rule to it, so that it is no unauthenticated side door when metrics are protected,
 * and answers a refusal with the service's one error body.
 */
@WebFilter(urlPatterns = {"/mp-metrics", "/mp-metrics/*"})
public class MetricsEndpointGuard extends HttpFilter {
  private static final long serialVersionUID = 1L;

  @Inject transient SecurityService security;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Guard guard = security.guard();
    if (guard.isOpen(Area.METRICS)) {
      chain.doFilter(request, response);
      return;
    }
    String method = request.getMethod();
    String path = request.getRequestURI().substring(1);
    try {
      Caller caller =
          guard.authenticate(
              Area.METRICS,
              request.getHeader(HttpHeaders.AUTHORIZATION),
              request.getHeader(Credentials.API_KEY_HEADER),
              request.getRemoteAddr(),
              method,
              path);
      guard.authorize(Area.METRICS, caller, method, path);
    } catch (ModelCacheException e) {
      ErrorReply.of(e).send(response);
      return;
    }
    chain.doFilter(request, response);
  }
}
