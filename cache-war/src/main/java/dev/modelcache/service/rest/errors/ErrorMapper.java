package dev.modelcache.service.rest.errors;

import dev.modelcache.api.ModelCacheException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Writes every typed error as its {@link ErrorReply}: the one JSON shape, the status of its {@link
 * dev.modelcache.api.ErrorKind}. One mapper for the whole {@link ModelCacheException} hierarchy, so
 * a new error type is answered with its kind's status without registering anything; the JAX-RS
 * runtime prefers it to {@link UnexpectedMapper} (for {@code RuntimeException}) as the closer type.
 * Stateless.
 */
@Provider
public class ErrorMapper implements ExceptionMapper<ModelCacheException> {

  @Override
  public Response toResponse(ModelCacheException error) {
    return respond(ErrorReply.of(error)).build();
  }

  static Response.ResponseBuilder respond(ErrorReply reply) {
    Response.ResponseBuilder response =
        Response.status(reply.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(reply.body());
    return reply.header() == null ? response : response.header(reply.header(), reply.headerValue());
  }

  static Response.ResponseBuilder respond(int status, String code, String message) {
    return respond(ErrorReply.of(status, code, message));
  }
}
