package dev.modelcache.service.rest.errors;

import dev.modelcache.api.ErrorKind;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.System.Logger.Level;
import java.util.UUID;

/** Anything untyped is a bug: logged with its stack trace and an id the client also gets (500). */
@Provider
public class UnexpectedMapper implements ExceptionMapper<RuntimeException> {
  private static final System.Logger LOG = System.getLogger(UnexpectedMapper.class.getName());

  @Override
  public Response toResponse(RuntimeException error) {
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.ERROR, "unexpected error, incident " + incident, error);
    return ErrorMapper.respond(
            ErrorKind.INTERNAL.httpStatus(),
            ErrorKind.INTERNAL.code(),
            "an unexpected error occurred (incident " + incident + "); it has been logged")
        .build();
  }
}
