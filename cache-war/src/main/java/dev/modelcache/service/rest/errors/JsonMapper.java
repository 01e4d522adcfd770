package dev.modelcache.service.rest.errors;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A body that is not JSON, or not JSON of the expected shape, is the client's error (400). */
@Provider
public class JsonMapper implements ExceptionMapper<JsonbException> {
  @Override
  public Response toResponse(JsonbException error) {
    return ErrorMapper.respond(
            400,
            "invalid_input",
            "the request body is not valid JSON for this endpoint: "
                + firstLine(error.getMessage()))
        .build();
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
