package dev.modelcache.service.rest.filters;

import dev.modelcache.service.security.Caller;
import dev.modelcache.service.security.Credentials;
import dev.modelcache.service.security.SecurityService;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Establishes who is calling, before anything of the request's body is read: a {@link Caller}
 * becomes the request's {@link jakarta.ws.rs.core.SecurityContext}. A missing or unknown key on an
 * endpoint that needs one is refused (401, audited by the {@link
 * dev.modelcache.service.security.Guard}).
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION)
public class AuthenticationFilter implements ContainerRequestFilter {
  @Inject SecurityService security;
  @Context ResourceInfo resource;
  @Context HttpServletRequest http;

  @Override
  public void filter(ContainerRequestContext request) {
    Caller caller =
        security
            .guard()
            .authenticate(
                Endpoints.area(resource),
                request.getHeaderString(HttpHeaders.AUTHORIZATION),
                request.getHeaderString(Credentials.API_KEY_HEADER),
                http.getRemoteAddr(),
                request.getMethod(),
                request.getUriInfo().getPath(false));
    boolean secure =
        request.getSecurityContext() != null && request.getSecurityContext().isSecure();
    request.setSecurityContext(new CallerContext(caller, secure));
  }
}
