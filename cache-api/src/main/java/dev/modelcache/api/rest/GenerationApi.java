package dev.modelcache.api.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Text generation. Errors come back as {@link ErrorResponse} with the status of their kind. The
 * same request with {@code Accept: text/event-stream} is answered as server-sent events instead:
 * one {@code token} event ({@link TokenEvent}) per generated token, then one {@code done} event
 * ({@link GenerateResponse}), or an {@code error} event ({@link ErrorResponse}) if the generation
 * fails after it started; that form is not part of this typed interface.
 */
@Path("/generate")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface GenerationApi {

  /** Generates text from a prompt, loading the model first if needed. */
  @POST
  GenerateResponse generate(GenerateRequest request);
}
