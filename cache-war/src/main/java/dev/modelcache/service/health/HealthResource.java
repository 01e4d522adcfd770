package dev.modelcache.service.health;

import dev.modelcache.service.health.ServiceCheck.Kind;
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
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code /health}, {@code /health/live}, {@code /health/ready} and {@code /health/started}, served
 * by the application (Payara's own endpoint is switched off in {@code pre-boot-commands.txt}) so
 * that the same filters guard them as every other endpoint, and so that they answer on servers
 * without MicroProfile Health: open to probes by default, behind a key with {@code
 * MODEL_CACHE_PUBLIC_HEALTH=false}. The checks are the application's {@link ServiceCheck} beans,
 * answered in MicroProfile Health's JSON shape; 503 when any is down.
 */
@RequestScoped
@Path("/health")
@Produces(MediaType.APPLICATION_JSON)
@Access(Area.HEALTH)
public class HealthResource {
  @Inject @Any Instance<ServiceCheck> checks;

  @GET
  @Operation(summary = "Every health check: liveness, readiness and start-up")
  public Response all() {
    return answer(EnumSet.allOf(Kind.class));
  }

  @GET
  @Path("live")
  @Operation(summary = "Liveness: the engine answers")
  public Response live() {
    return answer(EnumSet.of(Kind.LIVENESS));
  }

  @GET
  @Path("ready")
  @Operation(summary = "Readiness: the engine is up and the configured preloads are loaded")
  public Response ready() {
    return answer(EnumSet.of(Kind.READINESS));
  }

  @GET
  @Path("started")
  @Operation(summary = "Start-up checks")
  public Response started() {
    return answer(EnumSet.of(Kind.STARTUP));
  }

  private Response answer(Set<Kind> kinds) {
    List<ServiceCheck> selected =
        checks.stream()
            .filter(check -> kinds.contains(check.kind()))
            .sorted(Comparator.comparing(ServiceCheck::kind))
            .toList();
    HealthReport report = HealthReport.of(selected);
    return Response.status(report.up() ? 200 : 503)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(report.body().toString())
        .build();
  }
}
