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

/** Refuses a known key on an endpoint its roles do not cover (403, audited). */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHORIZATION)
public class AuthorizationFilter implements ContainerRequestFilter {
  @Inject SecurityService security;
  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    security
        .guard()
        .authorize(
            Endpoints.area(resource),
            CallerContext.caller(request.getSecurityContext()),
            request.getMethod(),
            request.getUriInfo().getPath(false));
  }
}
