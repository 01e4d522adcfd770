package dev.modelcache.service.rest.filters;

import dev.modelcache.service.security.SecurityService;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

/**
 * Takes one token from the caller's bucket for every prediction and administrative request (429
 * with {@code Retry-After} when it is empty); health and metrics are not counted. A batch pays for
 * its further texts in the resource, once their number is known.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHORIZATION + 100)
public class RateLimitFilter implements ContainerRequestFilter {
  @Inject SecurityService security;
  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    security
        .guard()
        .limitRate(Endpoints.area(resource), CallerContext.caller(request.getSecurityContext()));
  }
}
