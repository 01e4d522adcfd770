package dev.modelcache.service.rest.errors;

import dev.modelcache.api.ForbiddenException;
import jakarta.ws.rs.ext.Provider;

/** Maps a key that lacks the endpoint's role (403). */
@Provider
public class ForbiddenMapper extends ErrorMapper<ForbiddenException> {}
