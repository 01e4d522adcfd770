package dev.modelcache.service.cluster;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.rest.ClusterInfo;
import dev.modelcache.engine.cache.CacheEvent;
import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.engine.cache.ModelStats;
import dev.modelcache.service.ModelCacheService;
import dev.modelcache.service.settings.Settings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * This member's part in the cluster: joins nothing itself (Payara's Data Grid did that), publishes
 * its state on every load and eviction and every second, routes predictions ({@link Router}),
 * forwards them ({@link Forwarder}), signs and checks hop tokens ({@link HopToken}), and forgets
 * members that leave. Inactive, at no cost, unless {@code MODEL_CACHE_CLUSTER=on}; inactive with
 * one warning when the grid cannot be found.
 *
 * <p>Every field is written once in {@link #start()}, before the container lets a request in,
 * except the thread-safe collections.
 */
@ApplicationScoped
public class ClusterService {
  private static final System.Logger LOG = System.getLogger(ClusterService.class.getName());
  private static final String SECRET_NAME = "hop-secret";
  private static final long PUBLISH_EVERY_MS = 1000;

  @Inject Settings serviceSettings;
  @Inject ModelCacheService service;

  @Resource ManagedScheduledExecutorService scheduler;

  private ClusterSettings settings;
  private Grid grid;
  private String self;
  private String url;
  private Router router;
  private Forwarder forwarder;
  private HopToken hops;
  private SharedResponses shared;
  private ScheduledFuture<?> publisher;
  private final ClusterCounters counters = new ClusterCounters();
  private final Set<String> loadingHere = ConcurrentHashMap.newKeySet();

  @PostConstruct
  void start() {
    settings = ClusterSettings.from(serviceSettings);
    if (!settings.enabled()) {
      return;
    }
    Grid found;
    try {
      found = HazelcastGrid.lookup();
    } catch (RuntimeException | LinkageError e) {
      LOG.log(
          Level.WARNING,
          "clustering unavailable: MODEL_CACHE_CLUSTER=on but this server has no Data Grid ({0});"
              + " this instance serves alone",
          e.getMessage());
      return;
    }
    self = found.self();
    url = settings.url().orElseGet(() -> "http://" + found.hostAddress() + ":" + httpPort());
    byte[] secret =
        settings
            .secret()
            .orElseGet(() -> found.agree(SECRET_NAME, generatedSecret()))
            .getBytes(StandardCharsets.UTF_8);
    hops = new HopToken(secret, System::currentTimeMillis);
    forwarder = new Forwarder(settings.connectTimeout());
    router =
        new Router(
            found,
            name -> service.isLoaded(ModelId.of(name)),
            this::state,
            new Unreachable(settings.unreachableFor().toNanos(), System::nanoTime),
            settings.copyQueueTexts(),
            settings.claimTtl());
    if (settings.sharedResponses()) {
      shared =
          new SharedResponses(
              found.responses(settings.sharedEntries(), settings.sharedTtl()), counters);
      service.shareResponses(shared);
    }
    found.onMemberLeft(this::memberLeft);
    grid = found;
    found.publish(state());
    publisher =
        scheduler.scheduleWithFixedDelay(
            this::publishQuietly, PUBLISH_EVERY_MS, PUBLISH_EVERY_MS, TimeUnit.MILLISECONDS);
    LOG.log(
        Level.INFO,
        "cluster member {0} at {1}: {2} member(s) live; shared response cache {3}",
        self,
        url,
        found.members().size(),
        settings.sharedResponses() ? "on" : "off");
  }

  /** Created with the application, so that the member publishes itself before any request. */
  void created(@Observes @Initialized(ApplicationScoped.class) Object started) {
    // Touching the bean runs start().
  }

  @PreDestroy
  void stop() {
    if (publisher != null) {
      publisher.cancel(false);
    }
    if (grid != null) {
      try {
        grid.forget(self);
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "leaving the cluster view: " + e);
      }
    }
  }

  /** Whether this member is in a cluster. */
  public boolean active() {
    return grid != null;
  }

  /** Keeps the view in step with the engine: publishes at once, frees placement claims. */
  void onCacheEvent(@Observes CacheEvent event) {
    if (grid == null) {
      return;
    }
    String model = event.model().toString();
    switch (event.type()) {
      case LOADED -> loadingHere.remove(model);
      case LOAD_FAILED, REJECTED, EVICTED, UNLOADED, CLOSED -> {
        loadingHere.remove(model);
        scheduler.execute(() -> grid.release(model, self));
      }
      default -> {
        return;
      }
    }
    scheduler.execute(this::publishQuietly);
  }

  /** Where a prediction for {@code model} runs; counted. */
  Route route(String model) {
    Route route = router.route(model);
    counters.routed(route.reason());
    if (route.isLocal() && !service.isLoaded(ModelId.of(model))) {
      loadingHere.add(model);
    }
    return route;
  }

  /** Counts a request another member forwarded here (it runs here). */
  void arrivedForwarded(String model) {
    counters.routed(Route.Reason.FORWARDED_HERE);
    if (model != null && !service.isLoaded(ModelId.of(model))) {
      loadingHere.add(model);
    }
  }

  /**
   * After a request for {@code model} ran here: if the model is not loaded now (no such model, a
   * failed or refused load), it is no longer counted as loading here and this member's claim on it
   * is released, so that names that never load hold no room and no claim.
   */
  void settled(String model) {
    if (grid == null || model == null || service.isLoaded(ModelId.of(model))) {
      return;
    }
    if (loadingHere.remove(model)) {
      scheduler.execute(() -> grid.release(model, self));
    }
  }

  /** Sends a call to a member; on failure the member is left out of routing for a while. */
  Forwarder.Answer forward(MemberState target, Forwarder.Call call)
      throws Forwarder.UnreachableException {
    try {
      Forwarder.Answer answer = forwarder.send(target.url(), call);
      counters.forwarded(ClusterCounters.Outcome.ANSWERED);
      return answer;
    } catch (Forwarder.UnreachableException e) {
      router.unreachable(target.id());
      counters.forwarded(ClusterCounters.Outcome.UNREACHABLE);
      LOG.log(Level.WARNING, "member {0} unreachable: {1}", target.name(), e.getMessage());
      throw e;
    }
  }

  /** Sends an administrative call to a member, uncounted. */
  Forwarder.Answer tell(MemberState target, Forwarder.Call call)
      throws Forwarder.UnreachableException {
    return forwarder.send(target.url(), call);
  }

  /** Counts a forward that outlived its request's time. */
  void timedOut() {
    counters.forwarded(ClusterCounters.Outcome.TIMED_OUT);
  }

  /** A hop token from this member for a request. */
  String hopToken(String method, String path) {
    return hops.issue(self, method, path, service.config().inferenceTimeout().toMillis() + 60_000);
  }

  /** Whether {@code token} is a valid hop token of a member for this request. */
  boolean acceptsHop(String token, String method, String path) {
    return hops.verify(token, method, path) != null;
  }

  /** This member's name (host:port), for the served-by header. */
  public String selfName() {
    return state().name();
  }

  /** The other live members, best first for {@code model} (rendezvous order). */
  List<MemberState> othersFor(String model) {
    Set<String> live = grid.members();
    List<MemberState> others = new ArrayList<>();
    for (MemberState m : grid.states()) {
      if (!m.id().equals(self) && live.contains(m.id())) {
        others.add(m);
      }
    }
    return Placement.ranked(model, others);
  }

  /** Figures for {@code /metrics}: empty when clustering is off. */
  public String prometheusText() {
    return grid == null ? "" : counters.prometheus(grid.members().size());
  }

  /** The cluster section of {@code /stats} and {@code /models}; null when clustering is off. */
  public ClusterInfo info() {
    if (grid == null) {
      return null;
    }
    return ClusterView.of(
        selfName(), grid.members(), grid.states(), grid.claims(), System.currentTimeMillis());
  }

  /** This member's state now. */
  MemberState state() {
    CacheStats stats = service.stats();
    List<String> loaded =
        stats.models().stream().map(ModelStats::id).map(ModelId::toString).toList();
    List<String> loading = loadingHere.stream().filter(m -> !loaded.contains(m)).sorted().toList();
    return new MemberState(
        self,
        url,
        loaded,
        loading,
        stats.maxModels(),
        stats.budgetBytes() / (1024.0 * 1024.0),
        stats.usedBytes() / (1024.0 * 1024.0),
        service.batching().queuedTexts(),
        System.currentTimeMillis());
  }

  private void publishQuietly() {
    try {
      grid.publish(state());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "publishing this member''s state failed: {0}", e.toString());
    }
  }

  private void memberLeft(String member) {
    LOG.log(Level.INFO, "cluster member {0} left; forgetting its models and claims", member);
    try {
      grid.forget(member);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "forgetting member {0} failed: {1}", member, e.toString());
    }
  }

  private static String httpPort() {
    // Set by the uber jar's launcher (launcher.ClusterSwitch) from --port.
    String port = System.getProperty("modelcache.http.port");
    if (port == null) {
      port = System.getProperty("payaramicro.port", "8080");
    }
    return port;
  }

  private static String generatedSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
