package dev.modelcache.service.rest.errors;

import dev.modelcache.api.InvalidInputException;
import jakarta.ws.rs.ext.Provider;

/** Maps invalid input (400). */
@Provider
public class InvalidInputMapper extends ErrorMapper<InvalidInputException> {}
