package dev.modelcache.service.rest;

import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.rest.BatchPredictRequest;
import dev.modelcache.api.rest.BatchPredictResponse;
import dev.modelcache.api.rest.PredictRequest;
import dev.modelcache.api.rest.PredictResponse;
import dev.modelcache.api.rest.PredictionApi;
import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.metrics.RequestMetrics;
import dev.modelcache.service.security.Access;
import dev.modelcache.service.security.Area;
import dev.modelcache.service.security.Caller;
import dev.modelcache.service.security.SecurityService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code /predict} and {@code /predict/batch}. Bodies arrive already read strictly ({@code
 * rest.json}); texts are checked here. A batch of n texts costs n rate-limit tokens: the filter
 * took one before the body was read, the other n - 1 are charged here.
 *
 * <p>{@code POST /predict} itself is the hot endpoint: {@link PredictFilter} answers the requests
 * whose answer does not depend on JAX-RS without passing them here, by the same rules ({@link
 * PredictOne}); this method answers the rest ({@code /predict/}, unusual content types) alike.
 */
// The contract interface's class-level media types are not inherited (JAX-RS 3.6): without
// these, a client accepting only text/plain got a 500 (no writer) instead of 406.
@RequestScoped
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Path("/predict")
@Access(Area.PREDICT)
public class PredictResource implements PredictionApi {
  @Inject ModelCacheService service;
  @Inject RequestMetrics metrics;
  @Inject SecurityService security;
  @Context SecurityContext caller;

  @Override
  @Operation(
      summary =
          "Classify or embed one text; with candidate_labels, classify it zero-shot with an NLI"
              + " model")
  @APIResponse(responseCode = "200", description = "The model's answer")
  @APIResponse(responseCode = "400", description = "Missing or empty text, bad model name")
  @APIResponse(
      responseCode = "404",
      description = "No such model; the message lists those that exist")
  @APIResponse(responseCode = "401", description = "No API key, or an unknown one")
  @APIResponse(responseCode = "403", description = "The key lacks the predict role")
  @APIResponse(
      responseCode = "413",
      description = "Text longer than MAX_TEXT_LENGTH or MAX_TEXT_BYTES, body over MAX_BODY_BYTES")
  @APIResponse(responseCode = "429", description = "The key's request rate is used up")
  @APIResponse(
      responseCode = "503",
      description =
          "The model's queue is full, or MODEL_CACHE_MAX_CONCURRENT_REQUESTS (Retry-After)")
  @APIResponse(responseCode = "504", description = "No result within INFERENCE_TIMEOUT")
  @APIResponse(responseCode = "507", description = "The model does not fit in the memory budget")
  public PredictResponse predict(PredictRequest request) {
    return PredictOne.of(service, metrics).answer(request, this::charge);
  }

  /** Charges the caller's rate limit for model runs beyond the request's first. */
  private void charge(int runs) {
    if (caller.getUserPrincipal() instanceof Caller c) {
      security.rateLimiter().charge(c.bucket(), runs);
    }
  }

  @Override
  @Operation(summary = "Classify or embed several texts; answers come in input order")
  @APIResponse(responseCode = "200", description = "One answer per text")
  @APIResponse(
      responseCode = "413",
      description = "More texts than MAX_BATCH_TEXTS, or a text too long")
  public BatchPredictResponse predictBatch(BatchPredictRequest request) {
    if (request == null) {
      throw new InvalidInputException("a JSON body with texts and model_name is required");
    }
    ModelId model = RequestFields.model(request.modelName());
    List<String> texts = RequestFields.texts(request.texts(), TextLimits.of(service.config()));
    charge(texts.size() - 1);
    ModelCacheService.Outcome outcome = service.predict(model, texts);
    metrics.prediction("predict_batch", model, texts.size(), outcome);
    double millis = Responses.millis(outcome.nanos());
    List<PredictResponse> predictions = new ArrayList<>(texts.size());
    int hits = 0;
    for (int i = 0; i < texts.size(); i++) {
      boolean hit = outcome.responseCached().get(i);
      hits += hit ? 1 : 0;
      predictions.add(
          Responses.prediction(
              outcome.results().get(i), model.toString(), millis, outcome.cached(), hit));
    }
    return new BatchPredictResponse(
        predictions, model.toString(), texts.size(), millis, outcome.cached(), hits);
  }
}
