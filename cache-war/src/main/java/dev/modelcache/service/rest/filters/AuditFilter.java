package dev.modelcache.service.rest.filters;

import dev.modelcache.api.rest.ClearCacheResponse;
import dev.modelcache.api.rest.ErrorResponse;
import dev.modelcache.api.rest.ModelActionResponse;
import dev.modelcache.service.audit.AuditEvent;
import dev.modelcache.service.audit.Audited;
import dev.modelcache.service.security.SecurityService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

/**
 * Records every call of an {@link Audited} resource method with its final status, once errors are
 * mapped: who (the key id), from where, which model, the outcome and a short detail (the action's
 * result, or the error). Calls refused by authentication or authorization are recorded by those
 * filters, so they are skipped here.
 */
@Provider
@ApplicationScoped
public class AuditFilter implements ContainerResponseFilter {
  @Inject SecurityService security;
  @Context ResourceInfo resource;
  @Context HttpServletRequest http;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Audited audited = Endpoints.audited(resource);
    int status = response.getStatus();
    if (audited == null || status == 401 || status == 403) {
      return;
    }
    SecurityContext context = request.getSecurityContext();
    String keyId =
        context != null && context.getUserPrincipal() != null
            ? CallerContext.caller(context).keyId()
            : null;
    security
        .audit()
        .record(
            AuditEvent.request(
                audited.value(),
                keyId,
                http.getRemoteAddr(),
                request.getUriInfo().getPathParameters().getFirst("name"),
                status,
                detail(response.getEntity())));
  }

  private static String detail(Object entity) {
    if (entity instanceof ModelActionResponse a) {
      return a.status() + (a.pinned() ? " (pinned)" : "");
    }
    if (entity instanceof ClearCacheResponse c) {
      return "unloaded " + c.modelsUnloaded() + ", kept " + c.pinnedKept() + " pinned";
    }
    if (entity instanceof ErrorResponse e) {
      return e.error() + ": " + e.message();
    }
    return null;
  }
}
