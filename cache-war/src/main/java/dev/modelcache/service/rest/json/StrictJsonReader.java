package dev.modelcache.service.rest.json;

import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.rest.BatchPredictRequest;
import dev.modelcache.api.rest.GenerateRequest;
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
 * Reads one request record strictly (see the package documentation), for the JAX-RS resources and,
 * through {@link #readPredict}, for the lean {@code POST /predict} door. Each concrete reader
 * declares its record as its type argument, so the JAX-RS runtime prefers it to the JSON-B reader
 * (declared for {@code Object}) whatever the providers' order.
 *
 * <p>The readers are plain JAX-RS providers, not CDI beans: Payara's Jersey did not always use a
 * reader that CDI managed (JSON-B read the body instead). The body limit comes from the service's
 * configuration, looked up once. Thread-safe: state is per call.
 *
 * @param <T> the request record
 */
public abstract class StrictJsonReader<T> implements MessageBodyReader<T> {
  private static final JsonParserFactory PARSERS = Json.createParserFactory(null);

  /** The largest {@code POST /predict} body read ahead for {@link QuickPredictBody}: 64 KiB. */
  static final int QUICK_MAX_BYTES = 64 * 1024;

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

  /** {@code POST /generate}'s body. */
  @Provider
  @Consumes(MediaType.APPLICATION_JSON)
  public static class GenerateBody extends StrictJsonReader<GenerateRequest> {
    public GenerateBody() {
      super(GenerateRequest.class);
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
        read(
            this.type,
            mediaType == null ? null : mediaType.getParameters().get("charset"),
            headers.getFirst(HttpHeaders.CONTENT_LENGTH),
            body,
            limit()));
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
   * Reads {@code POST /generate}'s body for a front door outside JAX-RS (the event stream), by the
   * same rules and with the same errors as the JAX-RS reader; see {@link #read}.
   */
  public static GenerateRequest readGenerate(
      String charset, String contentLength, InputStream body, long limit) {
    return (GenerateRequest) read(GenerateRequest.class, charset, contentLength, body, limit);
  }

  /**
   * Reads {@code POST /predict}'s body for a front door outside JAX-RS, by the same rules and with
   * the same errors as the JAX-RS reader; see {@link #read}.
   */
  public static PredictRequest readPredict(
      String charset, String contentLength, InputStream body, long limit) {
    return (PredictRequest) read(PredictRequest.class, charset, contentLength, body, limit);
  }

  /**
   * Reads one body. A {@code POST /predict} body of at most {@value #QUICK_MAX_BYTES} bytes (and
   * within the limit) is read ahead; if {@link QuickPredictBody} can read it, that is the answer,
   * otherwise the JSON-P parser reads it from its first byte as it reads every other body.
   *
   * @param type {@code PredictRequest}, {@code BatchPredictRequest} or {@code GenerateRequest}
   * @param charset the {@code charset} parameter of the request's content type, or null; if any, it
   *     must be UTF-8
   * @param contentLength the {@code Content-Length} header, or null (chunked)
   * @param body the body; left open. A refused body is drained up to {@code limit} more bytes.
   * @param limit the most bytes accepted
   */
  static Object read(
      Class<?> type, String charset, String contentLength, InputStream body, long limit) {
    if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
      throw new InvalidInputException(
          "request bodies must be UTF-8 JSON; charset "
              + Bodies.quote(charset)
              + " is not accepted");
    }
    try {
      long length = checkLength(contentLength, limit);
      InputStream all = body;
      if (type == PredictRequest.class && length <= QUICK_MAX_BYTES) {
        BodyPrefix head = readAhead(body, (int) Math.min(limit, QUICK_MAX_BYTES), length);
        if (head.isWhole()) {
          PredictRequest quick = QuickPredictBody.read(head.bytes(), head.length());
          if (quick != null) {
            return quick;
          }
        }
        all = head.replay(body);
      }
      return parse(type, all, limit);
    } catch (RuntimeException e) {
      drain(body, limit);
      throw e;
    }
  }

  private static BodyPrefix readAhead(InputStream body, int max, long length) {
    try {
      return BodyPrefix.read(body, max, length);
    } catch (IOException e) {
      // What the JSON-P parser says when its stream fails.
      throw new InvalidInputException("the request body could not be read as JSON");
    }
  }

  /** Reads a body with the JSON-P parser alone, from its first byte. */
  static Object parse(Class<?> type, InputStream body, long limit) {
    ContentWatch utf8 =
        new ContentWatch(
            new InputStreamReader(
                new LimitedInputStream(body, limit),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
    try (JsonParser parser = PARSERS.createParser(utf8)) {
      if (type == GenerateRequest.class) {
        return Bodies.generate(parser);
      }
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

  /** The announced length, or -1 without one; refuses a length over the limit. */
  private static long checkLength(String contentLength, long limit) {
    if (contentLength == null) {
      return -1;
    }
    long length;
    try {
      length = Long.parseLong(contentLength.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("the Content-Length header is not a number");
    }
    if (length > limit) {
      throw LimitedInputStream.tooLarge(limit, String.valueOf(length));
    }
    return length < 0 ? -1 : length;
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNumber() < 0) {
      return "";
    }
    return " (line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")";
  }
}
