package dev.modelcache.service.health;

import dev.modelcache.service.security.Access;
import dev.modelcache.service.security.Area;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /health}, {@code /health/live}, {@code /health/ready} and {@code /health/started}, served
 * by the application (Payara's own endpoint is switched off in {@code pre-boot-commands.txt}) so
 * that the same filters guard them as every other endpoint: open to probes by default, behind a key
 * with {@code MODEL_CACHE_PUBLIC_HEALTH=false}. The checks are the application's MicroProfile
 * Health beans, answered in MicroProfile Health's JSON shape; 503 when any is down.
 */
@RequestScoped
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@Access(Area.HEALTH)
public class HealthResource {
  @Inject @Any Instance<HealthCheck> checks;

  @GET
  @Operation(summary = "Every health check: liveness, readiness and start-up")
  public Response all() {
    return answer(Liveness.Literal.INSTANCE, Readiness.Literal.INSTANCE, Startup.Literal.INSTANCE);
  }

  @GET
  @Path("live")
  @Operation(summary = "Liveness: the engine answers")
  public Response live() {
    return answer(Liveness.Literal.INSTANCE);
  }

  @GET
  @Path("ready")
  @Operation(summary = "Readiness: the engine is up and the configured preloads are loaded")
  public Response ready() {
    return answer(Readiness.Literal.INSTANCE);
  }

  @GET
  @Path("started")
  @Operation(summary = "Start-up checks")
  public Response started() {
    return answer(Startup.Literal.INSTANCE);
  }

  private Response answer(Annotation... kinds) {
    Map<Class<?>, HealthCheck> selected = new LinkedHashMap<>();
    for (Annotation kind : kinds) {
      for (HealthCheck check : checks.select(kind)) {
        selected.putIfAbsent(check.getClass(), check);
      }
    }
    HealthReport report = HealthReport.of(new ArrayList<>(selected.values()));
    return Response.status(report.up() ? 200 : 503)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(report.body().toString())
        .build();
  }
}
