package dev.modelcache.service.rest.errors;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Gives the JAX-RS runtime's own errors (unknown path, wrong method, unsupported media type,
 * unreadable body) the same JSON shape as ours, keeping their status.
 */
@Provider
public class WebApplicationMapper implements ExceptionMapper<WebApplicationException> {
  @Override
  public Response toResponse(WebApplicationException error) {
    Response original = error.getResponse();
    int status = original.getStatus();
    String reason = original.getStatusInfo().getReasonPhrase();
    String code = reason.toLowerCase(Locale.ROOT).replace(' ', '_');
    String message =
        status == 400 ? "the request body is not valid JSON for this endpoint" : reason;
    Response.ResponseBuilder response = ErrorMapper.respond(status, code, message);
    original
        .getHeaders()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Content-Type")) {
                values.forEach(value -> response.header(name, value));
              }
            });
    return response.build();
  }
}
