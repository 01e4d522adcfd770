package dev.modelcache.service;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.batching.Batcher;
import dev.modelcache.engine.batching.BatcherStats;
import dev.modelcache.engine.batching.Prediction;
import dev.modelcache.engine.batching.Predictor;
import dev.modelcache.engine.batching.ResponseCache;
import dev.modelcache.engine.batching.ResponseCacheStats;
import dev.modelcache.engine.batching.SharedResponseStore;
import dev.modelcache.engine.cache.CacheConfig;
import dev.modelcache.engine.cache.CacheEvent;
import dev.modelcache.engine.cache.CacheListener;
import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.generation.GenerationLoader;
import dev.modelcache.engine.generation.Generator;
import dev.modelcache.engine.generation.GeneratorStats;
import dev.modelcache.engine.inference.Device;
import dev.modelcache.engine.inference.ExecutionProviders;
import dev.modelcache.engine.inference.GpuMemoryProbe;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.OnnxModelLoader;
import dev.modelcache.engine.inference.OrtRuntime;
import dev.modelcache.engine.model.LocalDirectorySource;
import dev.modelcache.engine.model.ModelSource;
import dev.modelcache.engine.model.RememberedMisses;
import dev.modelcache.engine.model.hub.HubSource;
import dev.modelcache.engine.model.mlflow.MlflowSource;
import dev.modelcache.service.settings.Settings;
import dev.modelcache.service.telemetry.Telemetry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The service's one owner of the engine: builds the model cache, the batcher and the response cache
 * from configuration at start-up, preloads (and pins) the configured models in the background, and
 * closes everything at shutdown.
 *
 * <p>Bean-managed concurrency: the engine is thread-safe and the container's default write lock
 * would serialise every request. Bean-managed transactions, of which it starts none: nothing here
 * is transactional, and the default (container-managed, {@code REQUIRED}) would begin and commit a
 * JTA transaction around every call. The fields are written once in {@link #start()}, before the
 * container lets any request in, except {@link #readiness}, which is volatile.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionManagement(TransactionManagementType.BEAN)
public class ModelCacheService {
  private static final System.Logger LOG = System.getLogger(ModelCacheService.class.getName());
  private static final int EVENTS_KEPT = 1000;

  @Inject Settings settings;
  @Inject Event<CacheEvent> cacheEvents;

  @Resource ManagedExecutorService executor;

  private ServiceConfig config;
  private ModelCache cache;
  private Batcher batcher;
  private Predictor predictor;
  private ResponseCache responses;
  private Generator generator;
  private ModelSource source;
  private Telemetry telemetry = Telemetry.OFF;
  private ExecutionProviders providers;
  private final List<RememberedMisses> rememberedMisses = new ArrayList<>();
  private EventLog events;
  private Instant startedAt;
  private volatile Readiness readiness = Readiness.starting();
  private volatile boolean stopping;

  /** Whether the service can take traffic, and why not. */
  public record Readiness(boolean ready, String state, List<String> failures) {
    static Readiness starting() {
      return new Readiness(false, "starting", List.of());
    }

    static Readiness stopping() {
      return new Readiness(false, "stopping", List.of());
    }
  }

  /**
   * The outcome of a prediction: results in input order, whether the model was loaded, and per text
   * whether the response cache answered it.
   */
  public record Outcome(
      List<Inference> results, boolean cached, List<Boolean> responseCached, long nanos) {}

  @PostConstruct
  void start() {
    startedAt = Instant.now();
    config = ServiceConfig.from(settings);
    telemetry = Telemetry.from(settings);
    telemetry.installLogFields();
    events = new EventLog(EVENTS_KEPT);
    source = sources(config);
    ResponseCache responses = ResponseCache.create(config.responseCacheMb() * 1024 * 1024);
    this.responses = responses;
    CacheListener listener =
        event -> {
          responses.onCacheEvent(event);
          events.onEvent(event);
          cacheEvents.fire(event);
        };
    providers =
        ExecutionProviders.resolve(
            config.device(),
            config.maxGpuMemoryMb(),
            OrtRuntime.get(config.inference().intraOpThreads()),
            GpuMemoryProbe.nvidiaSmi());
    cache =
        new ModelCache(
            new OnnxModelLoader(
                source,
                config.inference(),
                config.integrity(),
                providers,
                List.of(new GenerationLoader(config.inference(), true))),
            CacheConfig.builder()
                .maxModels(config.maxModels())
                .maxMemoryMb(config.maxMemoryMb())
                .policy(config.policy())
                .admissionRule(config.admission())
                .listener(listener)
                .build());
    batcher = new Batcher(config.batching(), Ticker.system());
    predictor = new Predictor(cache, batcher, responses, Ticker.system(), telemetry.tracing());
    generator = new Generator(cache, config.generation(), Ticker.system());
    LOG.log(
        Level.INFO,
        "model cache up: {0} models / {1} MB, policy {2}, admission {3}, manifests {4}, sources"
            + " {5}; batches of {6} on {7} runner(s), queue {8} texts per model, response cache {9}"
            + " MB; generation up to {10} new tokens, {11} at once; device {12}",
        config.maxModels(),
        config.maxMemoryMb(),
        config.policy().name(),
        config.admission().name(),
        config.integrity().manifestRequired() ? "required" : "checked if present",
        source.describe(),
        config.batching().batchSize(),
        config.batching().runners(),
        config.batching().maxQueueTexts(),
        config.responseCacheMb(),
        config.generation().maxNewTokens(),
        config.generation().maxGenerations(),
        providers);
    if (config.preload().isEmpty()) {
      readiness = new Readiness(true, "ready", List.of());
    } else {
      readiness = new Readiness(false, "preloading " + config.preload(), List.of());
      executor.submit(this::preloadConfigured);
    }
  }

  private void preloadConfigured() {
    List<String> failures = new ArrayList<>();
    for (ModelId id : config.preload()) {
      try {
        cache.preload(id, true);
      } catch (RuntimeException e) {
        failures.add(id + ": " + e.getMessage());
        LOG.log(Level.ERROR, "preload of " + id + " failed: " + e.getMessage());
      }
    }
    readiness =
        failures.isEmpty()
            ? new Readiness(true, "ready", List.of())
            : new Readiness(false, "preload failed", List.copyOf(failures));
  }

  /** A remote source that remembers the names it does not have for {@code missTtl}, if set. */
  private ModelSource rememberMisses(ModelSource source, SourceConfig remote) {
    if (remote.missTtl().isZero()) {
      return source;
    }
    RememberedMisses remembering =
        new RememberedMisses(
            source, remote.missTtl(), RememberedMisses.DEFAULT_CAPACITY, Ticker.system());
    rememberedMisses.add(remembering);
    return remembering;
  }

  private ModelSource sources(ServiceConfig config) {
    List<ModelSource> sources = new ArrayList<>();
    Optional<Path> local =
        config.modelDir().or(() -> DefaultModels.locate(ModelCacheService.class.getClassLoader()));
    local.ifPresent(dir -> sources.add(new LocalDirectorySource(dir)));
    SourceConfig remote = config.sources();
    for (String name : remote.order()) {
      if (name.equals("hub")) {
        HubSource hub = new HubSource(remote.hub());
        // Offline, a miss is a look in the local cache: not remembered, so a model put there is
        // found at once.
        sources.add(remote.hubDownloads() ? rememberMisses(hub, remote) : hub);
      } else if (name.equals("mlflow")) {
        remote
            .mlflow()
            .ifPresent(settings -> sources.add(rememberMisses(new MlflowSource(settings), remote)));
      }
    }
    if (sources.isEmpty()) {
      throw new IllegalStateException(
          "no model source: set MODEL_CACHE_MODEL_DIR (this build bundles no default models),"
              + " or list hub or mlflow in MODEL_CACHE_SOURCES");
    }
    if (remote.hubDownloads()) {
      LOG.log(Level.INFO, "Hub downloads on: {0}", remote.hub());
    }
    remote.mlflow().ifPresent(settings -> LOG.log(Level.INFO, "MLflow registry: {0}", settings));
    return ModelSource.chain(sources);
  }

  /**
   * Readiness reports down ("stopping") from now on, whatever preloading does: the service got
   * SIGTERM and is draining. Requests are still served.
   */
  public void beginStop() {
    stopping = true;
  }

  @PreDestroy
  void stop() {
    stopping = true;
    if (batcher != null) {
      batcher.close();
    }
    if (cache != null) {
      cache.close();
    }
    telemetry.uninstallLogFields();
  }

  /**
   * Runs texts through a model, loading it if needed, batched with concurrent requests.
   *
   * @throws dev.modelcache.api.ModelCacheException typed failures, mapped to HTTP by the resources
   */
  public Outcome predict(ModelId id, List<String> texts) {
    Prediction p = predictor.predict(id, texts);
    return new Outcome(p.results(), p.modelWasLoaded(), p.fromResponseCache(), p.nanos());
  }

  /**
   * The engine's prediction path itself, for callers on the hot path that hold it once and call it
   * without going through this bean's container: {@link #predict} does nothing more. Thread-safe.
   */
  public Predictor predictor() {
    return predictor;
  }

  /** Tracing and log fields, as chosen at start-up. */
  public Telemetry telemetry() {
    return telemetry;
  }

  /**
   * The engine's text generation path, for the resources; as {@link #predictor()}, called without
   * this bean's container. Thread-safe.
   */
  public Generator generator() {
    return generator;
  }

  /** The generator's counters. */
  public GeneratorStats generation() {
    return generator.stats();
  }

  /** The batcher's counters. */
  public BatcherStats batching() {
    return predictor.batching();
  }

  /** The response cache's counters. */
  public ResponseCacheStats responseCache() {
    return predictor.responseCache();
  }

  /** Loads a model ahead of use; returns whether it was already loaded. */
  public boolean preload(ModelId id, boolean pin) {
    // An operator's explicit request asks the servers again, even for a name they lately did not
    // have: the model may just have been uploaded.
    rememberedMisses.forEach(misses -> misses.forget(id));
    return cache.preload(id, pin);
  }

  /**
   * Look-ups the remote sources answered "not found" from memory, without a request, since start.
   */
  public long missesAnsweredFromMemory() {
    return rememberedMisses.stream().mapToLong(RememberedMisses::answeredFromMemory).sum();
  }

  /** Whether a model is loaded now. */
  public boolean isLoaded(ModelId id) {
    return cache.isLoaded(id);
  }

  /**
   * Puts a shared store behind the response cache (RESPONSE_CACHE_SHARED, by the cluster at
   * start-up).
   */
  public void shareResponses(SharedResponseStore store) {
    responses.share(store);
  }

  /** Unloads a model; returns whether it was loaded. */
  public boolean unload(ModelId id) {
    return cache.unload(id);
  }

  /** Unloads every unpinned model; returns how many. */
  public int clear() {
    return cache.clear();
  }

  /** The device a loaded model runs on ({@code cpu} for one that is not loaded). */
  public Device deviceOf(ModelId id) {
    return providers.deviceOf(id);
  }

  /** Where models run, and the device memory charged to those on a CUDA device. */
  public ExecutionProviders providers() {
    return providers;
  }

  public CacheStats stats() {
    return cache.stats();
  }

  /** Every model the sources can serve, by name. */
  public List<String> available() {
    return source.available().stream().map(ModelId::toString).toList();
  }

  public List<CacheEvent> recentEvents(String model, int limit) {
    return events.recent(model, limit);
  }

  public Readiness readiness() {
    return stopping ? Readiness.stopping() : readiness;
  }

  public ServiceConfig config() {
    return config;
  }

  public Duration uptime() {
    return Duration.between(startedAt, Instant.now());
  }
}
