package dev.modelcache.api.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Predictions. Errors come back as {@link ErrorResponse} with the status of their kind. */
@Path("/predict")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public interface PredictionApi {

  /** Runs one text through a model, loading it first if needed. */
  @POST
  PredictResponse predict(PredictRequest request);

  /** Runs several texts through a model; results come back in input order. */
  @POST
  @Path("/batch")
  BatchPredictResponse predictBatch(BatchPredictRequest request);
}
