package dev.modelcache.api.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The cache as a whole: statistics, the seed's metrics summary, recent events, clearing. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public interface CacheApi {

  /** Counters and every loaded model, from one consistent snapshot. */
  @GET
  @Path("stats")
  StatsResponse stats();

  /** Unloads every model that is not pinned; running requests finish first. */
  @POST
  @Path("clear-cache")
  ClearCacheResponse clearCache();

  /**
   * Recent events (loads, evictions with cause, errors), newest last.
   *
   * @param modelName only this model's events, if given
   * @param limit at most this many (default 50)
   */
  @GET
  @Path("logs")
  LogsResponse logs(@QueryParam("model_name") String modelName, @QueryParam("limit") Integer limit);

  /** The seed's performance summary as JSON. */
  @GET
  @Path("metrics")
  MetricsResponse metrics();
}
