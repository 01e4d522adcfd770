package dev.modelcache.service.rest.errors;

import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A body that is not JSON, or not JSON of the expected shape, is the client's error (400). The
 * JAX-RS runtime reports it as a {@link ProcessingException} caused by JSON-B; any other processing
 * failure is ours and goes to {@link UnexpectedMapper}'s treatment.
 */
@Provider
public class UnreadableBodyMapper implements ExceptionMapper<ProcessingException> {
  private final UnexpectedMapper unexpected = new UnexpectedMapper();

  @Override
  public Response toResponse(ProcessingException error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonbException || cause instanceof JsonParsingException) {
        return ErrorMapper.respond(
                400,
                "invalid_input",
                "the request body is not valid JSON for this endpoint: "
                    + firstLine(cause.getMessage()))
            .build();
      }
    }
    return unexpected.toResponse(error);
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
