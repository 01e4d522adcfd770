package dev.modelcache.service.rest.errors;

import dev.modelcache.api.ModelCacheException;
import dev.modelcache.api.rest.ErrorResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** Writes a typed error as the one JSON error shape, with its kind's status. */
abstract class ErrorMapper<E extends ModelCacheException> implements ExceptionMapper<E> {

  @Override
  public Response toResponse(E error) {
    return decorate(
            respond(error.kind().httpStatus(), error.kind().code(), error.getMessage()), error)
        .build();
  }

  /** Adds headers for this kind of error; none by default. */
  Response.ResponseBuilder decorate(Response.ResponseBuilder response, E error) {
    return response;
  }

  static Response.ResponseBuilder respond(int status, String code, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorResponse(code, message, status));
  }
}
