package dev.modelcache.service.rest.errors;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Anything untyped is a bug: {@link ErrorReply#unexpected} (a logged 500 with an incident id). */
@Provider
public class UnexpectedMapper implements ExceptionMapper<RuntimeException> {
  @Override
  public Response toResponse(RuntimeException error) {
    return ErrorMapper.respond(ErrorReply.unexpected(error)).build();
  }
}
