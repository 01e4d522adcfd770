package dev.modelcache.service.rest;

import dev.modelcache.api.ModelCacheException;
import dev.modelcache.api.rest.GenerateRequest;
import dev.modelcache.engine.generation.OpenGeneration;
import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.metrics.RequestMetrics;
import dev.modelcache.service.rest.errors.ErrorReply;
import dev.modelcache.service.rest.json.StrictJsonReader;
import dev.modelcache.service.security.Area;
import dev.modelcache.service.security.Caller;
import dev.modelcache.service.security.ConcurrencyLimit;
import dev.modelcache.service.security.Credentials;
import dev.modelcache.service.security.Guard;
import dev.modelcache.service.security.SecurityService;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;

/**
 * The door of {@code POST /generate} for clients that prefer {@code text/event-stream} ({@link
 * EventStream#preferred}): a servlet filter that streams the generation itself, flushing each event
 * to the client, because the JAX-RS runtime buffers an entity it writes (it sent a whole
 * generation's events at once, with a {@code Content-Length}). The same rules in the same order as
 * the JSON door ({@link GenerateResource}): the {@link Guard} (401, 403, 429, 503), {@link
 * StrictJsonReader} (413, 400), {@link GenerateOne} (400, 404, 413, 503, 507, the model's load),
 * {@link ErrorReply} for every refusal, all before the first event. The request's concurrency place
 * is held until the stream ends. Every other request, {@code Accept} or {@code Content-Type} goes
 * down the chain to the JAX-RS resource untouched, as {@link PredictFilter} does.
 */
@WebFilter(urlPatterns = "/generate", asyncSupported = true)
public class GenerateEventsFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  /** The path in audit lines, as the JAX-RS filters write it: relative, without a slash. */
  private static final String PATH = "generate";

  @Inject transient ModelCacheService service;
  @Inject transient SecurityService security;
  @Inject transient RequestMetrics metrics;

  private transient volatile Door door;

  /** What a request needs, looked up once. */
  private record Door(String uri, Guard guard, GenerateOne rules, long bodyLimit) {}

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Door d = door();
    String charset =
        "POST".equals(request.getMethod()) && d.uri().equals(request.getRequestURI())
            ? PredictFilter.jsonCharset(request.getHeader(HttpHeaders.CONTENT_TYPE))
            : null;
    if (charset == null
        || !EventStream.preferred(request.getHeader(HttpHeaders.ACCEPT))
        || PredictFilter.hasRepeatedHeaders(request)) {
      chain.doFilter(request, response);
      return;
    }
    Caller caller;
    ConcurrencyLimit.Permit permit = null;
    OpenGeneration generation;
    try {
      caller =
          d.guard()
              .authenticate(
                  Area.PREDICT,
                  request.getHeader(HttpHeaders.AUTHORIZATION),
                  request.getHeader(Credentials.API_KEY_HEADER),
                  request.getRemoteAddr(),
                  "POST",
                  PATH);
      d.guard().authorize(Area.PREDICT, caller, "POST", PATH);
      d.guard().limitRate(Area.PREDICT, caller);
      permit = d.guard().enter(Area.PREDICT);
      GenerateRequest body =
          StrictJsonReader.readGenerate(
              charset.isEmpty() ? null : charset,
              request.getHeader(HttpHeaders.CONTENT_LENGTH),
              request.getInputStream(),
              d.bodyLimit());
      generation = d.rules().open(body);
    } catch (ModelCacheException e) {
      close(permit);
      ErrorReply.of(e).send(response);
      return;
    } catch (RuntimeException e) {
      close(permit);
      ErrorReply.unexpected(e).send(response);
      return;
    }
    try (generation) {
      String model = generation.model().toString();
      EventStream.write(
          response,
          generation,
          g -> Responses.generation(g, model),
          g -> d.rules().finished(generation.model(), g, caller));
    } finally {
      permit.close();
    }
  }

  private static void close(ConcurrencyLimit.Permit permit) {
    if (permit != null) {
      permit.close();
    }
  }

  /** Built at the first request: the engine starts with the application, not before filters. */
  private Door door() {
    Door d = door;
    if (d == null) {
      d =
          new Door(
              getServletContext().getContextPath() + "/" + PATH,
              security.guard(),
              GenerateOne.of(service, metrics, security),
              service.config().maxBodyBytes());
      door = d;
    }
    return d;
  }
}
