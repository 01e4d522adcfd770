package dev.modelcache.service.rest;

import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.rest.CacheApi;
import dev.modelcache.api.rest.ClearCacheResponse;
import dev.modelcache.api.rest.LogsResponse;
import dev.modelcache.api.rest.MetricsResponse;
import dev.modelcache.api.rest.StatsResponse;
import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.engine.cache.ModelStats;
import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.audit.Audited;
import dev.modelcache.service.cluster.ClusterOperations;
import dev.modelcache.service.cluster.ClusterService;
import dev.modelcache.service.metrics.RequestMetrics;
import dev.modelcache.service.security.Access;
import dev.modelcache.service.security.Area;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code /stats}, {@code /clear-cache}, {@code /logs} and the seed's JSON {@code /metrics}. */
// The contract interface's class-level media types are not inherited (JAX-RS 3.6): without
// these, a client accepting only text/plain got a 500 (no writer) instead of 406.
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Path("/")
public class CacheResource implements CacheApi {
  private static final int DEFAULT_LOG_LIMIT = 50;
  private static final int MAX_LOG_LIMIT = 1000;

  @Inject ModelCacheService service;
  @Inject RequestMetrics metrics;
  @Inject ClusterService cluster;
  @Inject ClusterOperations operations;
  @Context UriInfo uri;
  @Context HttpHeaders headers;

  @Override
  @Access(Area.PREDICT)
  @Operation(summary = "Cache counters and every loaded model, from one consistent snapshot")
  public StatsResponse stats() {
    CacheStats s = service.stats();
    Map<String, Long> evictions = new LinkedHashMap<>();
    s.evictions().forEach((cause, n) -> evictions.put(cause.name().toLowerCase(Locale.ROOT), n));
    return new StatsResponse(
        s.hitRate(),
        s.requestCount(),
        s.hitCount(),
        s.missCount(),
        s.modelsLoaded(),
        s.maxModels(),
        Responses.mb(s.usedBytes()),
        Responses.mb(s.budgetBytes()),
        s.loadSuccessCount(),
        s.loadFailureCount(),
        s.rejectedCount(),
        s.averageLoadNanos() / 1e6,
        evictions,
        s.churn().reloadCount(),
        s.churn().averageMissLatencyNanos() / 1e6,
        s.models().stream().map(m -> Responses.model(m, service.deviceOf(m.id()))).toList(),
        Responses.batching(service.batching()),
        Responses.responseCache(service.responseCache()),
        cluster.info());
  }

  @Override
  @Access(Area.ADMIN)
  @Audited("clear_cache")
  @Operation(
      summary =
          "Unload every model that is not pinned; scope=cluster clears every member of a cluster")
  public ClearCacheResponse clearCache() {
    String scope = uri.getQueryParameters().getFirst("scope");
    if (scope != null && !scope.equals("local") && !scope.equals("cluster")) {
      throw new InvalidInputException("scope must be local or cluster: '" + scope + "'");
    }
    int unloaded = service.clear();
    if ("cluster".equals(scope) && cluster.active()) {
      unloaded += operations.clearOthers(RequestFields.credentials(headers));
    }
    int pinned = (int) service.stats().models().stream().filter(ModelStats::pinned).count();
    return new ClearCacheResponse("cleared", unloaded, pinned);
  }

  @Override
  @Access(Area.ADMIN)
  @Operation(summary = "Recent model events (loads, evictions with cause, failures), newest last")
  public LogsResponse logs(String modelName, Integer limit) {
    int n = limit == null ? DEFAULT_LOG_LIMIT : limit;
    if (n < 1 || n > MAX_LOG_LIMIT) {
      throw new InvalidInputException("limit must be between 1 and " + MAX_LOG_LIMIT + ": " + n);
    }
    String model =
        modelName == null || modelName.isBlank() ? null : RequestFields.model(modelName).toString();
    return new LogsResponse(service.recentEvents(model, n).stream().map(Responses::log).toList());
  }

  /**
   * The same path for Prometheus: a client that prefers {@code text/plain} or OpenMetrics (as
   * Prometheus's scraper does) gets the Prometheus text format; JSON and {@code *}/{@code *} get
   * the seed's JSON (the {@code qs} factors break the tie for {@code *}/{@code *}).
   */
  @GET
  @Path("metrics")
  @Access(Area.METRICS)
  @Produces({"text/plain;qs=0.5", "application/openmetrics-text;qs=0.5"})
  @Operation(summary = "Every metric in the Prometheus text format (for scrapers)")
  public Response prometheus() {
    return Response.ok(metrics.prometheusText() + cluster.prometheusText())
        .type("text/plain; version=0.0.4; charset=utf-8")
        .build();
  }

  @Override
  @GET
  @Path("metrics")
  @Access(Area.METRICS)
  @Produces("application/json;qs=1")
  @Operation(summary = "The seed's performance summary as JSON")
  public MetricsResponse metrics() {
    CacheStats s = service.stats();
    return new MetricsResponse(
        metrics.averageMillis(),
        s.hitRate(),
        s.budgetBytes() == 0 ? 0 : (double) s.usedBytes() / s.budgetBytes(),
        metrics.perSecond(),
        metrics.requestCount(),
        service.uptime().toSeconds(),
        service.responseCache().hitRate(),
        service.batching().averageRunSize());
  }
}
