package dev.modelcache.service.rest.errors;

import dev.modelcache.api.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/** Maps a missing or unknown API key (401) and says how to send one ({@code WWW-Authenticate}). */
@Provider
public class UnauthorizedMapper extends ErrorMapper<UnauthorizedException> {
  /** The challenge of every 401: a bearer token (the API key) for this service. */
  public static final String CHALLENGE = "Bearer realm=\"model-cache\"";

  @Override
  Response.ResponseBuilder decorate(
      Response.ResponseBuilder response, UnauthorizedException error) {
    return response.header(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
  }
}
