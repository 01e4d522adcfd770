package dev.modelcache.service.rest.filters;

import dev.modelcache.service.security.Area;
import dev.modelcache.service.security.ConcurrencyLimit;
import dev.modelcache.service.security.SecurityService;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Takes a place among the concurrent prediction and administrative requests, or refuses the request
 * at once (503 {@code overloaded}, {@code Retry-After: 1}). The place is kept in a request
 * attribute and given back as the response leaves the JAX-RS runtime, so a client that sends its
 * next request as soon as it has the answer finds the place free; {@link PermitRelease} gives it
 * back when the servlet container ends the request, should the response filters not run.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHORIZATION + 200)
public class ConcurrencyFilter implements ContainerRequestFilter, ContainerResponseFilter {
  @Inject SecurityService security;
  @Context ResourceInfo resource;
  @Context HttpServletRequest http;

  @Override
  public void filter(ContainerRequestContext request) {
    Area area = Endpoints.area(resource);
    if (area.isLimited()) {
      http.setAttribute(PermitRelease.ATTRIBUTE, security.guard().enter(area));
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (http.getAttribute(PermitRelease.ATTRIBUTE) instanceof ConcurrencyLimit.Permit permit) {
      permit.close();
    }
  }
}
