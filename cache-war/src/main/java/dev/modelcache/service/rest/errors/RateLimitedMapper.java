package dev.modelcache.service.rest.errors;

import dev.modelcache.api.RateLimitedException;
import jakarta.ws.rs.ext.Provider;

/** Maps a used-up request rate (429) and says when to retry ({@code Retry-After}, seconds). */
@Provider
public class RateLimitedMapper extends ErrorMapper<RateLimitedException> {}
