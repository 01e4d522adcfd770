package dev.modelcache.service.rest.errors;

import dev.modelcache.api.InputTooLargeException;
import jakarta.ws.rs.ext.Provider;

/** Maps oversized texts or batches (413). */
@Provider
public class InputTooLargeMapper extends ErrorMapper<InputTooLargeException> {}
