package dev.modelcache.service.rest;

import dev.modelcache.api.rest.GenerateRequest;
import dev.modelcache.api.rest.GenerateResponse;
import dev.modelcache.api.rest.GenerationApi;
import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.metrics.RequestMetrics;
import dev.modelcache.service.security.Access;
import dev.modelcache.service.security.Area;
import dev.modelcache.service.security.SecurityService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /generate} answered in one JSON body ({@link GenerateOne}). A request that prefers
 * {@code text/event-stream} never gets here: {@link GenerateEventsFilter} streams it.
 */
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/generate")
@Access(Area.PREDICT)
public class GenerateResource implements GenerationApi {
  @Inject ModelCacheService service;
  @Inject RequestMetrics metrics;
  @Inject SecurityService security;
  @Context SecurityContext caller;

  @Override
  @Operation(summary = "Generate text from a prompt (GPT-2, T5, BART); greedy or sampled")
  @APIResponse(
      responseCode = "200",
      description =
          "The generated text and its tokens; with Accept: text/event-stream, server-sent events"
              + " instead: a token event per token, then done (this answer) or error")
  @APIResponse(
      responseCode = "400",
      description =
          "Missing or empty text, bad model name, a model that does not generate text, top_p or"
              + " seed without a temperature")
  @APIResponse(responseCode = "401", description = "No API key, or an unknown one")
  @APIResponse(responseCode = "403", description = "The key lacks the predict role")
  @APIResponse(
      responseCode = "404",
      description = "No such model; the message lists those that exist")
  @APIResponse(
      responseCode = "413",
      description =
          "max_new_tokens over MAX_NEW_TOKENS, a prompt longer than the model takes, a text or"
              + " body over its limit")
  @APIResponse(responseCode = "429", description = "The key's request rate is used up")
  @APIResponse(
      responseCode = "503",
      description =
          "MAX_GENERATIONS generations or MODEL_CACHE_MAX_CONCURRENT_REQUESTS requests are"
              + " running (Retry-After)")
  @APIResponse(responseCode = "504", description = "Not finished within INFERENCE_TIMEOUT")
  @APIResponse(responseCode = "507", description = "The model does not fit in the memory budget")
  public GenerateResponse generate(GenerateRequest request) {
    return GenerateOne.of(service, metrics, security).answer(request, caller.getUserPrincipal());
  }
}
