package dev.modelcache.service.rest.errors;

import dev.modelcache.api.InferenceTimeoutException;
import jakarta.ws.rs.ext.Provider;

/** Maps a request that got no result within {@code INFERENCE_TIMEOUT} (504). */
@Provider
public class InferenceTimeoutMapper extends ErrorMapper<InferenceTimeoutException> {}
