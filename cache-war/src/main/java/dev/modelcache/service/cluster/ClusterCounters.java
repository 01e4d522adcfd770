package dev.modelcache.service.cluster;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cluster's counters since start, for {@code /metrics}: routing decisions by reason, forwards
 * by outcome, shared-response hits. Thread-safe (adders); read as a sum at scrape time.
 */
final class ClusterCounters {
  /** How a forward ended. */
  enum Outcome {
    /** The member answered (any status: its answer is relayed as it is). */
    ANSWERED,
    /** No connection, or it broke before an answer: this member ran the request itself. */
    UNREACHABLE,
    /** The member took longer than the request's time: 504. */
    TIMED_OUT
  }

  private final Map<Route.Reason, LongAdder> routes = new EnumMap<>(Route.Reason.class);
  private final Map<Outcome, LongAdder> forwards = new EnumMap<>(Outcome.class);
  private final LongAdder sharedHits = new LongAdder();
  private final LongAdder sharedMisses = new LongAdder();

  ClusterCounters() {
    for (Route.Reason reason : Route.Reason.values()) {
      routes.put(reason, new LongAdder());
    }
    for (Outcome outcome : Outcome.values()) {
      forwards.put(outcome, new LongAdder());
    }
  }

  void routed(Route.Reason reason) {
    routes.get(reason).increment();
  }

  void forwarded(Outcome outcome) {
    forwards.get(outcome).increment();
  }

  void shared(boolean hit) {
    (hit ? sharedHits : sharedMisses).increment();
  }

  long routes(Route.Reason reason) {
    return routes.get(reason).sum();
  }

  long forwards(Outcome outcome) {
    return forwards.get(outcome).sum();
  }

  long sharedHits() {
    return sharedHits.sum();
  }

  long sharedMisses() {
    return sharedMisses.sum();
  }

  /** The counters and the member count in the Prometheus text format (HELP and TYPE included). */
  String prometheus(int members) {
    StringBuilder out = new StringBuilder(2048);
    family(
        out,
        "model_cache_cluster_members",
        "gauge",
        "Live members of the cluster, this one included");
    out.append("model_cache_cluster_members ").append(members).append('\n');
    family(
        out,
        "model_cache_cluster_routes_total",
        "counter",
        "Predictions routed by this member, by where they ran and why (placement decisions are"
            + " placed_here and placed_elsewhere)");
    routes.forEach(
        (reason, n) ->
            out.append("model_cache_cluster_routes_total{reason=\"")
                .append(reason.label())
                .append("\"} ")
                .append(n.sum())
                .append('\n'));
    family(
        out,
        "model_cache_cluster_forwarded_total",
        "counter",
        "Predictions forwarded to another member, by outcome");
    forwards.forEach(
        (outcome, n) ->
            out.append("model_cache_cluster_forwarded_total{outcome=\"")
                .append(outcome.name().toLowerCase(java.util.Locale.ROOT))
                .append("\"} ")
                .append(n.sum())
                .append('\n'));
    family(
        out,
        "model_cache_cluster_remote_hits_total",
        "counter",
        "Predictions answered by another member that held the model loaded");
    out.append("model_cache_cluster_remote_hits_total ")
        .append(routes(Route.Reason.LOADED_ELSEWHERE))
        .append('\n');
    family(
        out,
        "model_cache_cluster_shared_response_hits_total",
        "counter",
        "Texts answered from the shared response cache in the grid (RESPONSE_CACHE_SHARED)");
    out.append("model_cache_cluster_shared_response_hits_total ").append(sharedHits()).append('\n');
    return out.toString();
  }

  private static void family(StringBuilder out, String name, String type, String help) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }
}
