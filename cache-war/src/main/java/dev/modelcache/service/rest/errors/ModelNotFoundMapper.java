package dev.modelcache.service.rest.errors;

import dev.modelcache.api.ModelNotFoundException;
import jakarta.ws.rs.ext.Provider;

/** Maps unknown models (404). */
@Provider
public class ModelNotFoundMapper extends ErrorMapper<ModelNotFoundException> {}
