package dev.modelcache.service.rest;

import dev.modelcache.api.ModelCacheException;
import dev.modelcache.api.rest.PredictResponse;
import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.metrics.RequestMetrics;
import dev.modelcache.service.metrics.ResponseCounts;
import dev.modelcache.service.rest.errors.ErrorReply;
import dev.modelcache.service.rest.json.ResponseBodies;
import dev.modelcache.service.rest.json.StrictJsonReader;
import dev.modelcache.service.security.Area;
import dev.modelcache.service.security.Caller;
import dev.modelcache.service.security.ConcurrencyLimit;
import dev.modelcache.service.security.Credentials;
import dev.modelcache.service.security.Guard;
import dev.modelcache.service.security.RateLimiter;
import dev.modelcache.service.security.SecurityService;
import dev.modelcache.service.telemetry.ServerSpan;
import dev.modelcache.service.telemetry.ServerSpans;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.util.Enumeration;

/**
 * The lean front door of {@code POST /predict}, the hot endpoint: a servlet filter on exactly
 * {@code /predict} that answers the request itself, without the JAX-RS runtime, CDI proxies or the
 * EJB container, by the same rules in the same order as {@link PredictResource}: the {@link Guard}
 * (401, 403, 429, 503), {@link StrictJsonReader} (413, 400), {@link PredictOne} (400, 404, 413, the
 * prediction and its metrics), {@link ErrorReply} for every error, and {@link ResponseBodies} for
 * the JSON, as JSON-B writes it. Its collaborators are plain objects looked up at the first request
 * and kept.
 *
 * <p>It takes only the requests whose answer cannot depend on the JAX-RS runtime's matching and
 * content negotiation: {@code POST} to exactly {@code /predict} as sent (no trailing slash, path
 * parameter or percent-encoding); a {@code Content-Type} of {@code application/json} with at most a
 * {@code charset} parameter; no {@code Accept} header, or one of {@code *}{@code /*}, {@code
 * application/json}, {@code application/*}; and no repeated {@code Content-Type}, {@code Accept},
 * {@code Authorization} or {@code X-API-Key} header (the JAX-RS runtime joins repeated headers).
 * Every other request goes down the chain to the JAX-RS resource untouched, before anything is
 * counted, and is answered as it always was (405, 415, 400 for a malformed header, ...).
 *
 * <p>The server traces JAX-RS requests itself; this door opens its own server span ({@link
 * ServerSpans}, continuing the caller's {@code traceparent}) when tracing is on, and counts its
 * responses by status ({@link ResponseCounts}) as the JAX-RS side does.
 */
@WebFilter(urlPatterns = "/predict", asyncSupported = true)
public class PredictFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  /** The path in audit lines, as the JAX-RS filters write it: relative, without a slash. */
  private static final String PATH = "predict";

  /** Headers that the JAX-RS runtime would join if repeated: such requests go down the chain. */
  private static final String[] SINGLE_HEADERS = {
    HttpHeaders.CONTENT_TYPE,
    HttpHeaders.ACCEPT,
    HttpHeaders.AUTHORIZATION,
    Credentials.API_KEY_HEADER
  };

  @Inject transient ModelCacheService service;
  @Inject transient SecurityService security;
  @Inject transient RequestMetrics metrics;

  private transient volatile Door door;

  /** The route in span names, as the server names its JAX-RS spans. */
  private static final String ROUTE = "/predict";

  /** What a request needs, looked up once. */
  private record Door(
      String uri,
      Guard guard,
      RateLimiter rateLimiter,
      PredictOne rules,
      long bodyLimit,
      ServerSpans spans,
      ResponseCounts responses) {}

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    Door d = door();
    String charset =
        "POST".equals(request.getMethod()) && d.uri().equals(request.getRequestURI())
            ? jsonCharset(request.getHeader(HttpHeaders.CONTENT_TYPE))
            : null;
    if (charset == null
        || !acceptsJson(request.getHeader(HttpHeaders.ACCEPT))
        || hasRepeatedHeaders(request)) {
      chain.doFilter(request, response);
      return;
    }
    try (ServerSpan span = d.spans().open(request, ROUTE)) {
      int status = respond(d, request, response, charset.isEmpty() ? null : charset);
      span.status(status);
      d.responses().record(PredictOne.ENDPOINT, status);
    }
  }

  /** Answers the request; returns the status sent. */
  private static int respond(
      Door d, HttpServletRequest request, HttpServletResponse response, String charset)
      throws IOException {
    ErrorReply error;
    try {
      byte[] json = ResponseBodies.prediction(answer(d, request, charset));
      ResponseBodies.send(response, HttpServletResponse.SC_OK, json);
      return HttpServletResponse.SC_OK;
    } catch (ModelCacheException e) {
      error = ErrorReply.of(e);
    } catch (RuntimeException e) {
      error = ErrorReply.unexpected(e);
    }
    error.send(response);
    return error.status();
  }

  /**
   * The guards, the body and the prediction; the concurrency place is given back before writing.
   */
  private static PredictResponse answer(Door d, HttpServletRequest request, String charset)
      throws IOException {
    Caller caller =
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
    ConcurrencyLimit.Permit permit = d.guard().enter(Area.PREDICT);
    try {
      return d.rules()
          .answer(
              StrictJsonReader.readPredict(
                  charset,
                  request.getHeader(HttpHeaders.CONTENT_LENGTH),
                  request.getInputStream(),
                  d.bodyLimit()),
              runs -> d.rateLimiter().charge(caller.bucket(), runs));
    } finally {
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
              security.rateLimiter(),
              PredictOne.of(service, metrics),
              service.config().maxBodyBytes(),
              service.telemetry().serverSpans(),
              metrics.responses());
      door = d;
    }
    return d;
  }

  static boolean hasRepeatedHeaders(HttpServletRequest request) {
    for (String name : SINGLE_HEADERS) {
      Enumeration<String> values = request.getHeaders(name);
      if (values != null && values.hasMoreElements()) {
        values.nextElement();
        if (values.hasMoreElements()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * For a {@code Content-Type} this door takes, its {@code charset} parameter, or "" without one;
   * null for any other (and for none).
   */
  static String jsonCharset(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    if (!type.equalsIgnoreCase("application/json")) {
      return null;
    }
    if (semicolon < 0) {
      return "";
    }
    int name = semicolon + 1;
    while (name < contentType.length() && contentType.charAt(name) == ' ') {
      name++;
    }
    if (!contentType.regionMatches(true, name, "charset=", 0, "charset=".length())) {
      return null;
    }
    String value = contentType.substring(name + "charset=".length());
    return isToken(value) ? value : null;
  }

  /** Whether a request with this {@code Accept} header is answered in JSON whatever else holds. */
  static boolean acceptsJson(String accept) {
    return accept == null
        || accept.equals("*/*")
        || accept.equalsIgnoreCase("application/json")
        || accept.equalsIgnoreCase("application/*");
  }

  /** An HTTP token (RFC 9110): one or more of the visible ASCII characters but separators. */
  private static boolean isToken(String value) {
    if (value.isEmpty()) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }
}
