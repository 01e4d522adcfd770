package dev.modelcache.service.rest.errors;

import dev.modelcache.api.OverloadedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/** Maps overload (503) and says when to retry. */
@Provider
public class OverloadedMapper extends ErrorMapper<OverloadedException> {
  @Override
  Response.ResponseBuilder decorate(Response.ResponseBuilder response, OverloadedException error) {
    return response.header(HttpHeaders.RETRY_AFTER, error.retryAfterSeconds());
  }
}
