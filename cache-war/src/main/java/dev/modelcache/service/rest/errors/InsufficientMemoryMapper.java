package dev.modelcache.service.rest.errors;

import dev.modelcache.api.InsufficientMemoryException;
import jakarta.ws.rs.ext.Provider;

/** Maps models that do not fit in the budget (507). */
@Provider
public class InsufficientMemoryMapper extends ErrorMapper<InsufficientMemoryException> {}
