package dev.modelcache.service.rest;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelNotFoundException;
import dev.modelcache.api.rest.ModelActionResponse;
import dev.modelcache.api.rest.ModelInfo;
import dev.modelcache.api.rest.ModelsApi;
import dev.modelcache.api.rest.ModelsResponse;
import dev.modelcache.engine.cache.ModelStats;
import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.audit.Audited;
import dev.modelcache.service.cluster.ClusterOperations;
import dev.modelcache.service.cluster.ClusterService;
import dev.modelcache.service.security.Access;
import dev.modelcache.service.security.Area;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** {@code /models}: list, inspect, preload (optionally pin) and unload models. */
// The contract interface's class-level media types are not inherited (JAX-RS 3.6): without
// these, a client accepting only text/plain got a 500 (no writer) instead of 406.
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Path("/models")
public class ModelsResource implements ModelsApi {
  @Inject ModelCacheService service;
  @Inject ClusterService cluster;
  @Inject ClusterOperations operations;
  @Context UriInfo uri;
  @Context HttpHeaders headers;

  @Override
  @Access(Area.PREDICT)
  @Operation(summary = "Loaded models and every model the sources can serve")
  public ModelsResponse listModels() {
    return new ModelsResponse(
        service.stats().models().stream()
            .map(m -> Responses.model(m, service.deviceOf(m.id())))
            .toList(),
        service.available(),
        cluster.info());
  }

  @Override
  @Access(Area.PREDICT)
  @Operation(summary = "One loaded model")
  @APIResponse(responseCode = "200", description = "The model")
  @APIResponse(responseCode = "404", description = "The model is not loaded")
  public ModelInfo getModel(String name) {
    ModelId id = RequestFields.model(name);
    return service.stats().models().stream()
        .filter(m -> m.id().equals(id))
        .findFirst()
        .map(m -> Responses.model(m, service.deviceOf(m.id())))
        .orElseThrow(() -> notLoaded(id));
  }

  @Override
  @Access(Area.ADMIN)
  @Audited("preload")
  @Operation(
      summary =
          "Load a model ahead of use; pin=true exempts it from eviction; in a cluster, copies=N"
              + " makes N members hold it")
  @APIResponse(responseCode = "200", description = "loaded or already_loaded")
  @APIResponse(responseCode = "404", description = "No such model")
  @APIResponse(responseCode = "507", description = "It does not fit in the memory budget")
  public ModelActionResponse preload(String name, boolean pin) {
    ModelId id = RequestFields.model(name);
    int copies = RequestFields.copies(uri.getQueryParameters().getFirst("copies"));
    boolean already = service.preload(id, pin);
    String status = already ? "already_loaded" : "loaded";
    if (copies > 1 && cluster.active()) {
      return new ModelActionResponse(
          status,
          id.toString(),
          pinned(id),
          operations.preloadCopies(id.toString(), copies, pin, RequestFields.credentials(headers)));
    }
    return new ModelActionResponse(status, id.toString(), pinned(id), null);
  }

  @Override
  @Access(Area.ADMIN)
  @Audited("unload")
  @Operation(summary = "Unload a model, pinned or not")
  @APIResponse(responseCode = "200", description = "unloaded or not_loaded")
  public ModelActionResponse unload(String name) {
    ModelId id = RequestFields.model(name);
    return new ModelActionResponse(
        service.unload(id) ? "unloaded" : "not_loaded", id.toString(), false, null);
  }

  private boolean pinned(ModelId id) {
    return service.stats().models().stream()
        .filter(m -> m.id().equals(id))
        .anyMatch(ModelStats::pinned);
  }

  private ModelNotFoundException notLoaded(ModelId id) {
    return ModelNotFoundException.notLoaded(
        id, service.stats().models().stream().map(m -> m.id().toString()).toList());
  }
}
