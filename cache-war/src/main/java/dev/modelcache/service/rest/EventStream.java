package dev.modelcache.service.rest;

import dev.modelcache.api.ModelCacheException;
import dev.modelcache.api.rest.ErrorResponse;
import dev.modelcache.api.rest.GenerateResponse;
import dev.modelcache.api.rest.TokenEvent;
import dev.modelcache.engine.generation.Generation;
import dev.modelcache.engine.generation.OpenGeneration;
import dev.modelcache.service.rest.errors.ErrorReply;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An admitted generation streamed as server-sent events ({@code text/event-stream}) while it runs
 * on the request's thread: one {@code token} event per token ({@link TokenEvent}), each flushed to
 * the client at once, then a {@code done} event with the whole answer ({@link GenerateResponse}),
 * or, if the generation fails once under way (the deadline, a broken model), an {@code error} event
 * with the one error body ({@link ErrorResponse}). Refusals before the first event were answered
 * with their status by the door. Each event's data is one line of JSON, as JSON-B writes the
 * records. Stateless apart from its one JSON-B instance, which is thread-safe.
 */
final class EventStream {
  static final String MEDIA_TYPE = "text/event-stream";
  private static final Jsonb JSON = JsonbBuilder.create();

  private EventStream() {}

  /**
   * Streams {@code generation} to the client; does not close it. A client that goes away ends it
   * with an {@link IOException}.
   *
   * @param answer turns the finished generation into the {@code done} event's record
   * @param finished records a generation that ended well (metrics, rate)
   */
  static void write(
      HttpServletResponse response,
      OpenGeneration generation,
      Function<Generation, GenerateResponse> answer,
      Consumer<Generation> finished)
      throws IOException {
    response.setStatus(HttpServletResponse.SC_OK);
    response.setContentType(MEDIA_TYPE + ";charset=UTF-8");
    response.setHeader("Cache-Control", "no-cache");
    response.setHeader("X-Accel-Buffering", "no");
    OutputStream out = response.getOutputStream();
    try {
      Generation done;
      try {
        done =
            generation.run(
                token ->
                    send(out, "token", new TokenEvent(token.index(), token.id(), token.text())));
      } catch (ModelCacheException e) {
        send(out, "error", ErrorReply.of(e).body());
        return;
      } catch (UncheckedIOException e) {
        throw e;
      } catch (RuntimeException e) {
        send(out, "error", ErrorReply.unexpected(e).body());
        return;
      }
      finished.accept(done);
      send(out, "done", answer.apply(done));
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Whether a request with this {@code Accept} header wants events: {@code text/event-stream} is
   * listed, and with a higher quality than anything else listed ({@code application/json, *}{@code
   * /*} or any other type), so a client that takes both gets the one JSON answer.
   */
  static boolean preferred(String accept) {
    if (accept == null) {
      return false;
    }
    double events = 0;
    double others = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String parameter = parts[i].trim();
        if (parameter.startsWith("q=")) {
          try {
            q = Double.parseDouble(parameter.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (type.equals(MEDIA_TYPE)) {
        events = Math.max(events, q);
      } else if (!type.isEmpty()) {
        others = Math.max(others, q);
      }
    }
    return events > 0 && events > others;
  }

  private static void send(OutputStream out, String event, Object data) {
    try {
      out.write(
          ("event: " + event + "\ndata: " + JSON.toJson(data) + "\n\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
