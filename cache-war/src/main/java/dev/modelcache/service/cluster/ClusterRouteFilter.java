package dev.modelcache.service.cluster;

import dev.modelcache.api.InferenceTimeoutException;
import dev.modelcache.api.ModelCacheException;
import dev.modelcache.api.ModelId;
import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.rest.errors.ErrorReply;
import dev.modelcache.service.security.Area;
import dev.modelcache.service.security.Caller;
import dev.modelcache.service.security.Credentials;
import dev.modelcache.service.security.Guard;
import dev.modelcache.service.security.SecurityService;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Routes {@code POST /predict} and {@code POST /predict/batch} in a cluster, in front of both doors
 * (the lean {@code PredictFilter} and the JAX-RS resource), which then answer local requests
 * exactly as on a single instance. Registered only when the member is in a cluster ({@link
 * ClusterFilterRegistration}).
 *
 * <p>A request with a valid hop token ({@link HopToken}) runs here. Any other has its body read
 * ahead (at most {@code MAX_BODY_BYTES} plus one byte) for its {@code model_name}, and the {@link
 * Router} decides: here, or forwarded to one member. A forwarded request is first authenticated and
 * authorised here (so that no unauthenticated request costs a hop), then sent with the caller's
 * credentials, content type and a hop token; the owner applies its own rate and concurrency limits
 * and answers, and that answer is relayed byte for byte with the {@value #SERVED_BY} header naming
 * the owner. When the owner cannot be reached (refused, reset, or no connection within {@code
 * MODEL_CACHE_CLUSTER_CONNECT_TIMEOUT_MS}) the request runs here: a prediction has no side effect,
 * so running it again is safe. A forward that outlives the request's time ({@code
 * INFERENCE_TIMEOUT} plus a grace for the owner's load) is answered 504.
 */
public class ClusterRouteFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  /** The header naming the member that served a request (host:port). */
  public static final String SERVED_BY = "X-Model-Cache-Served-By";

  /** Time a forward may take beyond INFERENCE_TIMEOUT: the owner's clock starts later. */
  private static final Duration GRACE = Duration.ofSeconds(10);

  private static final String[] FORWARDED_HEADERS = {
    "Content-Type", "Accept", "Authorization", Credentials.API_KEY_HEADER, "traceparent"
  };

  @Inject transient ClusterService cluster;
  @Inject transient ModelCacheService service;
  @Inject transient SecurityService security;

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!"POST".equals(request.getMethod()) || !cluster.active()) {
      chain.doFilter(request, response);
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String hop = request.getHeader(HopToken.HEADER);
    long limit = service.config().maxBodyBytes();
    if (request.getContentLengthLong() > limit) {
      // Too large to run anywhere: answered here, as on a single instance.
      local(request, response, chain);
      return;
    }
    BufferedBody body = BufferedBody.read(request.getInputStream(), limit);
    HttpServletRequest replay = body.replay(request);
    String model = modelName(body);
    if (hop != null && cluster.acceptsHop(hop, "POST", path)) {
      cluster.arrivedForwarded(model);
      runHere(model, replay, response, chain);
      return;
    }
    if (model == null) {
      local(replay, response, chain);
      return;
    }
    Route route = cluster.route(model);
    if (route.isLocal()) {
      runHere(model, replay, response, chain);
      return;
    }
    Guard guard = security.guard();
    String relative = path.startsWith("/") ? path.substring(1) : path;
    try {
      Caller caller =
          guard.authenticate(
              Area.PREDICT,
              request.getHeader("Authorization"),
              request.getHeader(Credentials.API_KEY_HEADER),
              request.getRemoteAddr(),
              "POST",
              relative);
      guard.authorize(Area.PREDICT, caller, "POST", relative);
    } catch (ModelCacheException e) {
      ErrorReply.of(e).send(response);
      return;
    }
    Duration timeout = service.config().inferenceTimeout().plus(GRACE);
    Forwarder.Call call =
        new Forwarder.Call(
            "POST", pathAndQuery(path, request), body.bytes(), headers(request, path), timeout);
    Forwarder.Answer answer;
    try {
      answer = cluster.forward(route.target(), call);
    } catch (Forwarder.UnreachableException e) {
      if (e.getCause() instanceof java.net.http.HttpTimeoutException
          && !(e.getCause() instanceof java.net.http.HttpConnectTimeoutException)) {
        cluster.timedOut();
        ErrorReply.of(
                new InferenceTimeoutException(
                    ModelId.of(model), timeout, "forwarded to " + route.target().name()))
            .send(response);
        return;
      }
      runHere(model, replay, response, chain);
      return;
    }
    response.setStatus(answer.status());
    if (answer.contentType() != null) {
      response.setContentType(answer.contentType());
    }
    if (answer.retryAfter() != null) {
      response.setHeader("Retry-After", answer.retryAfter());
    }
    response.setHeader(SERVED_BY, route.target().name());
    response.setContentLength(answer.body().length);
    response.getOutputStream().write(answer.body());
  }

  private void local(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    response.setHeader(SERVED_BY, cluster.selfName());
    chain.doFilter(request, response);
  }

  /**
   * Runs a request for {@code model} here, then settles the model's place ({@link
   * ClusterService#settled}).
   */
  private void runHere(
      String model, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    try {
      local(request, response, chain);
    } finally {
      cluster.settled(model);
    }
  }

  /** The body's model name if it is a valid one, else null. */
  private static String modelName(BufferedBody body) {
    String name = body.modelName();
    if (name == null) {
      return null;
    }
    try {
      return ModelId.of(name).toString();
    } catch (ModelCacheException e) {
      return null;
    }
  }

  private Map<String, String> headers(HttpServletRequest request, String path) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (String name : FORWARDED_HEADERS) {
      String value = request.getHeader(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    headers.put(HopToken.HEADER, cluster.hopToken("POST", path));
    return headers;
  }

  private static String pathAndQuery(String path, HttpServletRequest request) {
    String query = request.getQueryString();
    return query == null ? path : path + "?" + query;
  }
}
