package dev.modelcache.service.rest.errors;

import dev.modelcache.api.ModelCacheException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Writes a typed error as its {@link ErrorReply}: the one JSON shape, its kind's status. */
abstract class ErrorMapper<E extends ModelCacheException> implements ExceptionMapper<E> {

  @Override
  public Response toResponse(E error) {
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
