package dev.modelcache.service.rest.guard;

import dev.modelcache.api.ModelCacheException;
import dev.modelcache.api.UnauthorizedException;
import dev.modelcache.service.rest.errors.ContainerErrorPage;
import dev.modelcache.service.rest.errors.UnauthorizedMapper;
import dev.modelcache.service.security.Area;
import dev.modelcache.service.security.Caller;
import dev.modelcache.service.security.Credentials;
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
    if (security.gate().isOpen(Area.METRICS)) {
      chain.doFilter(request, response);
      return;
    }
    String address = request.getRemoteAddr();
    String keyId = null;
    try {
      Caller caller =
          security
              .gate()
              .authenticate(
                  Area.METRICS,
                  request.getHeader(HttpHeaders.AUTHORIZATION),
                  request.getHeader(Credentials.API_KEY_HEADER),
                  address);
      keyId = caller.keyId();
      security.gate().authorize(Area.METRICS, caller);
    } catch (ModelCacheException e) {
      security.refused(
          e, keyId, address, request.getMethod(), request.getRequestURI().substring(1));
      refuse(response, e);
      return;
    }
    chain.doFilter(request, response);
  }

  private static void refuse(HttpServletResponse response, ModelCacheException e)
      throws IOException {
    int status = e.kind().httpStatus();
    if (e instanceof UnauthorizedException) {
      response.setHeader(HttpHeaders.WWW_AUTHENTICATE, UnauthorizedMapper.CHALLENGE);
    }
    ContainerErrorPage.write(response, status, e.kind().code(), e.getMessage());
  }
}
