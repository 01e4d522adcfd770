package dev.modelcache.service.rest.errors;

import dev.modelcache.api.OverloadedException;
import jakarta.ws.rs.ext.Provider;

/** Maps overload (503) and says when to retry ({@code Retry-After}, seconds). */
@Provider
public class OverloadedMapper extends ErrorMapper<OverloadedException> {}
