package dev.modelcache.service.rest.filters;

import dev.modelcache.service.metrics.RequestMetrics;
import dev.modelcache.service.security.Area;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Counts every response of the JAX-RS resources by endpoint and final status, once errors are
 * mapped ({@code model_cache_responses_total}); the lean {@code /predict} door counts its own. The
 * endpoint is {@code predict} or {@code predict_batch} for predictions, else the endpoint's area
 * ({@code admin}, {@code metrics}, {@code health}); a request that matched no resource method is
 * {@code admin}, as the guards treat it.
 */
@Provider
@ApplicationScoped
public class ResponseCountFilter implements ContainerResponseFilter {
  @Inject RequestMetrics metrics;
  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    metrics.responses().record(endpoint(resource), response.getStatus());
  }

  static String endpoint(ResourceInfo resource) {
    Area area = Endpoints.area(resource);
    if (area == Area.PREDICT) {
      return resource.getResourceMethod() != null
              && resource.getResourceMethod().getName().equals("predictBatch")
          ? "predict_batch"
          : "predict";
    }
    return area.name().toLowerCase(Locale.ROOT);
  }
}
