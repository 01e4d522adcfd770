package dev.modelcache.service.rest.json;

import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.rest.BatchPredictRequest;
import dev.modelcache.api.rest.PredictRequest;
import dev.modelcache.service.ModelCacheService;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonLocation;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import jakarta.json.stream.JsonParsingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one request record strictly (see the package documentation); JSON-B still writes every
 * response. Each concrete reader declares its record as its type argument, so the JAX-RS runtime
 * prefers it to the JSON-B reader (declared for {@code Object}) whatever the providers' order.
 *
 * <p>The readers are plain JAX-RS providers, not CDI beans: Payara's Jersey did not always use a
 * reader that CDI managed (JSON-B read the body instead). The body limit comes from the service's
 * configuration, looked up once. Thread-safe: state is per call.
 *
 * @param <T> the request record
 */
public abstract class StrictJsonReader<T> implements MessageBodyReader<T> {
  private static final JsonParserFactory PARSERS = Json.createParserFactory(null);

  private final Class<T> type;
  private volatile long limit = -1;

  StrictJsonReader(Class<T> type) {
    this.type = type;
  }

  /** {@code POST /predict}'s body. */
  @Provider
  @Consumes(MediaType.APPLICATION_JSON)
  public static class PredictBody extends StrictJsonReader<PredictRequest> {
    public PredictBody() {
      super(PredictRequest.class);
    }
  }

  /** {@code POST /predict/batch}'s body. */
  @Provider
  @Consumes(MediaType.APPLICATION_JSON)
  public static class BatchBody extends StrictJsonReader<BatchPredictRequest> {
    public BatchBody() {
      super(BatchPredictRequest.class);
    }
  }

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == this.type;
  }

  @Override
  public T readFrom(
      Class<T> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> headers,
      InputStream body) {
    return this.type.cast(
        read(this.type, mediaType, headers.getFirst(HttpHeaders.CONTENT_LENGTH), body, limit()));
  }

  /** {@code MAX_BODY_BYTES}, from the service's configuration. */
  private long limit() {
    long known = limit;
    if (known < 0) {
      known = CDI.current().select(ModelCacheService.class).get().config().maxBodyBytes();
      limit = known;
    }
    return known;
  }

  /**
   * Reads one body.
   *
   * @param type {@code PredictRequest} or {@code BatchPredictRequest}
   * @param mediaType the request's content type, or null; its charset, if any, must be UTF-8
   * @param contentLength the {@code Content-Length} header, or null (chunked)
   * @param body the body; left open. A refused body is drained up to {@code limit} more bytes.
   * @param limit the most bytes accepted
   */
  static Object read(
      Class<?> type, MediaType mediaType, String contentLength, InputStream body, long limit) {
    String charset = mediaType == null ? null : mediaType.getParameters().get("charset");
    if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
      throw new InvalidInputException(
          "request bodies must be UTF-8 JSON; charset "
              + Bodies.quote(charset)
              + " is not accepted");
    }
    try {
      return parse(type, contentLength, body, limit);
    } catch (RuntimeException e) {
      drain(body, limit);
      throw e;
    }
  }

  private static Object parse(Class<?> type, String contentLength, InputStream body, long limit) {
    checkLength(contentLength, limit);
    ContentWatch utf8 =
        new ContentWatch(
            new InputStreamReader(
                new LimitedInputStream(body, limit),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
    try (JsonParser parser = PARSERS.createParser(utf8)) {
      return type == PredictRequest.class ? Bodies.predict(parser) : Bodies.batch(parser);
    } catch (JsonParsingException e) {
      if (!utf8.sawContent()) {
        throw Bodies.required(type);
      }
      throw new InvalidInputException("the request body is not valid JSON" + at(e.getLocation()));
    } catch (JsonException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof CharacterCodingException) {
          throw new InvalidInputException("the request body is not valid UTF-8");
        }
      }
      throw new InvalidInputException("the request body could not be read as JSON");
    }
  }

  /**
   * Reads and discards up to {@code budget} more bytes of a refused body, so that a client still
   * sending it sees the error answer instead of a connection closed under it (an HTTP/2 client,
   * whose stream the server would otherwise leave unread, waits for its timeout). Memory stays
   * constant; a body longer than that is left unread.
   */
  static void drain(InputStream body, long budget) {
    byte[] sink = new byte[8192];
    long left = budget;
    try {
      for (int n; left > 0 && (n = body.read(sink, 0, (int) Math.min(sink.length, left))) > 0; ) {
        left -= n;
      }
    } catch (IOException | RuntimeException e) {
      // The client went away or the stream is broken: nothing more to do.
    }
  }

  private static void checkLength(String contentLength, long limit) {
    if (contentLength == null) {
      return;
    }
    try {
      long length = Long.parseLong(contentLength.trim());
      if (length > limit) {
        throw LimitedInputStream.tooLarge(limit, String.valueOf(length));
      }
    } catch (NumberFormatException e) {
      throw new InvalidInputException("the Content-Length header is not a number");
    }
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNumber() < 0) {
      return "";
    }
    return " (line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")";
  }
}
