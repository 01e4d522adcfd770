package dev.modelcache.service.rest.errors;

import dev.modelcache.api.UnauthorizedException;
import jakarta.ws.rs.ext.Provider;

/** Maps a missing or unknown API key (401) and says how to send one ({@code WWW-Authenticate}). */
@Provider
public class UnauthorizedMapper extends ErrorMapper<UnauthorizedException> {}
