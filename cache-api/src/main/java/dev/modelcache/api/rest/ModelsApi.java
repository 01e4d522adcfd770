package dev.modelcache.api.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Model management. Model names may contain one slash ({@code org/name}), written as is in the
 * path: {@code /models/sentence-transformers/all-MiniLM-L6-v2/preload}.
 */
@Path("/models")
@Produces(MediaType.APPLICATION_JSON)
public interface ModelsApi {

  /** The loaded models and every model the sources can serve. */
  @GET
  ModelsResponse listModels();

  /** One loaded model; 404 if it is not loaded. */
  @GET
  @Path("/{name: .+}")
  ModelInfo getModel(@PathParam("name") String name);

  /** Loads a model ahead of use; {@code pin=true} exempts it from eviction. */
  @POST
  @Path("/{name: .+}/preload")
  ModelActionResponse preload(@PathParam("name") String name, @QueryParam("pin") boolean pin);

  /** Unloads a model, pinned or not; requests running on it finish first. */
  @DELETE
  @Path("/{name: .+}")
  ModelActionResponse unload(@PathParam("name") String name);
}
