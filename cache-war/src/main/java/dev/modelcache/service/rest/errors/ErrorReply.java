package dev.modelcache.service.rest.errors;

import dev.modelcache.api.ErrorKind;
import dev.modelcache.api.ModelCacheException;
import dev.modelcache.api.rest.ErrorResponse;
import dev.modelcache.service.rest.json.ResponseBodies;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * An error as every front door answers it: the status, the one JSON body and the one header its
 * kind adds ({@code WWW-Authenticate} to a 401, {@code Retry-After} to a 429 or an overload 503).
 * The exception mappers turn it into a JAX-RS response; servlet code {@linkplain #send sends} it.
 * Immutable.
 *
 * @param body the JSON body; its status is the response's
 * @param header the added header's name, or null
 * @param headerValue its value, or null
 */
public record ErrorReply(ErrorResponse body, String header, String headerValue) {
  private static final System.Logger LOG = System.getLogger(ErrorReply.class.getName());

  /** The challenge of every 401: a bearer token (the API key) for this service. */
  private static final String CHALLENGE = "Bearer realm=\"model-cache\"";

  /**
   * A typed error, by its kind: the kind's status and code, the error's message, the challenge if
   * the kind is {@link ErrorKind#UNAUTHORIZED}, and {@code Retry-After} if the error gives a delay.
   * Every subclass of {@link ModelCacheException}, present and future, is answered here.
   */
  public static ErrorReply of(ModelCacheException error) {
    ErrorKind kind = error.kind();
    ErrorResponse body = new ErrorResponse(kind.code(), error.getMessage(), kind.httpStatus());
    if (kind == ErrorKind.UNAUTHORIZED) {
      return new ErrorReply(body, HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
    }
    OptionalLong retryAfter = error.retryAfter();
    if (retryAfter.isPresent()) {
      return new ErrorReply(body, HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter.getAsLong()));
    }
    return new ErrorReply(body, null, null);
  }

  /** An error without a typed exception, and without a header. */
  public static ErrorReply of(int status, String code, String message) {
    return new ErrorReply(new ErrorResponse(code, message, status), null, null);
  }

  /**
   * Anything untyped is a bug: logged with its stack trace and an incident id that the client gets
   * too (500).
   */
  public static ErrorReply unexpected(Throwable error) {
    String incident = UUID.randomUUID().toString();
    LOG.log(Level.ERROR, "unexpected error, incident " + incident, error);
    return of(
        ErrorKind.INTERNAL.httpStatus(),
        ErrorKind.INTERNAL.code(),
        "an unexpected error occurred (incident " + incident + "); it has been logged");
  }

  public int status() {
    return body.status();
  }

  /** Writes this answer from servlet code, where no exception mapper runs. */
  public void send(HttpServletResponse response) throws IOException {
    if (header != null) {
      response.setHeader(header, headerValue);
    }
    ResponseBodies.send(response, body.status(), ResponseBodies.error(body));
  }
}
