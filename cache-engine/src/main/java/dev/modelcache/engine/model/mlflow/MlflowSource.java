package dev.modelcache.engine.model.mlflow;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.model.ModelFiles;
import dev.modelcache.engine.model.ModelSource;
import dev.modelcache.engine.model.download.AtomicFiles;
import dev.modelcache.engine.model.download.Failures;
import dev.modelcache.engine.model.download.HttpFetcher;
import dev.modelcache.engine.model.download.HttpStatusException;
import dev.modelcache.engine.model.download.ProcessLock;
import dev.modelcache.engine.model.download.SingleFlight;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Models from an MLflow registry: {@code models:/name/version} and {@code models:/name@alias}.
 *
 * <p>An alias is resolved through the tracking server on every {@code locate} (it may have moved),
 * and the answer remembered on disk; offline, or when the server cannot be reached, the last
 * resolution is used if that version is cached. A version found complete in the cache (its
 * manifest's sizes match; SHA-256 checked once per process) is served without the network.
 * Otherwise the version is looked up ({@code model-versions/get}, which must be {@code READY}), its
 * artifact location asked for ({@code get-download-uri}, an {@code mlflow-artifacts:} URI), and its
 * files downloaded through the artifact proxy into {@code .{version}.incomplete/}, which is renamed
 * to {@code {version}/} only when everything arrived and matched the listing's sizes.
 *
 * <p>Failures: an unknown model, version or alias is not found here (empty). Refused credentials,
 * server errors, timeouts, short or over-large files, and versions that are not ONNX models are
 * {@link ModelLoadException}s; a failed download leaves no version folder. Credentials never appear
 * in logs or messages.
 *
 * <p>Thread-safe. Concurrent calls for one version share one download; other processes are kept out
 * by a lock file. Hub names are never found here.
 */
public final class MlflowSource implements ModelSource {
  private static final System.Logger LOG = System.getLogger(MlflowSource.class.getName());

  private final MlflowSettings settings;
  private final MlflowCache cache;
  private final MlflowApi api;
  private final ArtifactDownload artifacts;
  private final SingleFlight<String, Optional<ModelFiles>> flights = new SingleFlight<>();
  private final Set<Path> verified = ConcurrentHashMap.newKeySet();

  public MlflowSource(MlflowSettings settings) {
    this(
        settings,
        new HttpFetcher(settings.connectTimeout(), settings.readTimeout(), settings.userAgent()));
  }

  /** A source that downloads through {@code fetcher} (whose timeouts then apply). */
  public MlflowSource(MlflowSettings settings, HttpFetcher fetcher) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.cache = new MlflowCache(settings.cacheDir());
    this.api = new MlflowApi(Objects.requireNonNull(fetcher, "fetcher"), settings);
    this.artifacts = new ArtifactDownload(api, fetcher, settings.maxModelBytes());
  }

  @Override
  public Optional<ModelFiles> locate(ModelId id) {
    if (!id.isRegistry()) {
      return Optional.empty();
    }
    Optional<Integer> version =
        id.registryVersion().isPresent()
            ? Optional.of(id.registryVersion().getAsInt())
            : resolveAlias(id, id.registryAlias().orElseThrow());
    if (version.isEmpty()) {
      return Optional.empty();
    }
    int v = version.get();
    Optional<ModelFiles> local = cached(id, v);
    if (local.isPresent() || settings.offline()) {
      return local;
    }
    return flights.run(id.name() + "/" + v, () -> cached(id, v).or(() -> download(id, v)));
  }

  @Override
  public List<ModelId> available() {
    return cache.available();
  }

  @Override
  public String describe() {
    return "mlflow:"
        + settings.trackingUri()
        + (settings.offline() ? " (offline)" : "")
        + " cache:"
        + settings.cacheDir();
  }

  /** How many {@code locate} calls share the download of a version now; 0 if none. */
  public int callersSharing(String name, int version) {
    return flights.callers(name + "/" + version);
  }

  /** The folder a version is kept in once downloaded. */
  public Path versionDir(String name, int version) {
    return cache.versionDir(name, version);
  }

  private Optional<Integer> resolveAlias(ModelId id, String alias) {
    if (settings.offline()) {
      return cache.rememberedAlias(id.name(), alias);
    }
    try {
      int version = api.byAlias(id.name(), alias).version();
      cache.rememberAlias(id.name(), alias, version);
      return Optional.of(version);
    } catch (HttpStatusException e) {
      if (isNotFound(e)) {
        LOG.log(Level.DEBUG, () -> id + " is not in the registry (" + e.getMessage() + ")");
        return Optional.empty();
      }
      return fallBack(id, alias, e);
    } catch (IOException e) {
      return fallBack(id, alias, e);
    }
  }

  /** The last resolution, if the server cannot answer now and that version is cached. */
  private Optional<Integer> fallBack(ModelId id, String alias, IOException e) {
    boolean auth = e instanceof HttpStatusException s && (s.status() == 401 || s.status() == 403);
    Optional<Integer> remembered = cache.rememberedAlias(id.name(), alias);
    if (auth || remembered.isEmpty() || cached(id, remembered.get()).isEmpty()) {
      throw failure(id, "resolving the alias '" + alias + "'", e);
    }
    LOG.log(
        Level.WARNING,
        () ->
            id
                + ": MLflow could not resolve the alias ("
                + e.getMessage()
                + "); using its last resolution, version "
                + remembered.get());
    return remembered;
  }

  private Optional<ModelFiles> cached(ModelId id, int version) {
    Path dir = cache.versionDir(id.name(), version);
    Optional<ArtifactManifest> manifest = cache.manifest(dir);
    if (manifest.isEmpty()) {
      return Optional.empty();
    }
    String problem = cache.problem(dir, manifest.get(), !verified.contains(dir));
    if (problem != null) {
      LOG.log(
          Level.WARNING,
          () -> id + ": the cached copy in " + dir + " is damaged (" + problem + ")");
      verified.remove(dir);
      return Optional.empty();
    }
    verified.add(dir);
    return Optional.of(manifest.get().modelFiles(id, dir));
  }

  @SuppressWarnings("try") // the lock works by being held, not by being referenced
  private Optional<ModelFiles> download(ModelId id, int version) {
    String name = id.name();
    String root;
    try {
      MlflowApi.ModelVersion mv = api.version(name, version);
      if (!"READY".equals(mv.status())) {
        throw new ModelLoadException(
            id, "version " + version + " of '" + name + "' is " + mv.status() + ", not READY");
      }
      root = api.artifactRoot(name, version);
    } catch (HttpStatusException e) {
      if (isNotFound(e)) {
        LOG.log(Level.DEBUG, () -> id + " is not in the registry (" + e.getMessage() + ")");
        return Optional.empty();
      }
      throw failure(id, "looking up version " + version, e);
    } catch (IOException e) {
      throw failure(id, "looking up version " + version, e);
    }
    Path dir = cache.versionDir(name, version);
    try (ProcessLock lock = ProcessLock.acquire(cache.lockFile(name, version))) {
      Optional<ModelFiles> done = cached(id, version);
      if (done.isPresent()) {
        return done; // another process finished it while this one waited
      }
      Path incomplete = cache.incompleteDir(name, version);
      AtomicFiles.deleteTree(incomplete);
      Files.createDirectories(incomplete);
      try {
        LOG.log(
            Level.INFO,
            () -> "fetching " + name + " version " + version + " from " + settings.trackingUri());
        ArtifactManifest manifest = artifacts.fetch(id, version, root, incomplete);
        AtomicFiles.writeString(incomplete.resolve(MlflowCache.MANIFEST), manifest.toJson());
        cache.publish(incomplete, dir);
        verified.add(dir);
        return Optional.of(manifest.modelFiles(id, dir));
      } finally {
        AtomicFiles.deleteTree(incomplete);
      }
    } catch (HttpStatusException e) {
      throw failure(id, "downloading version " + version + "'s artifacts", e);
    } catch (IOException e) {
      throw failure(id, "downloading version " + version + "'s artifacts", e);
    }
  }

  /** RESOURCE_DOES_NOT_EXIST (404), or the 400 MLflow answers for an alias that is not set. */
  private static boolean isNotFound(HttpStatusException e) {
    return e.status() == 404
        || e.status() == 400
            && e.excerpt().contains("INVALID_PARAMETER_VALUE")
            && e.excerpt().contains("not found");
  }

  private ModelLoadException failure(ModelId id, String what, IOException e) {
    String cause;
    if (e instanceof HttpStatusException s && (s.status() == 401 || s.status() == 403)) {
      cause =
          e.getMessage()
              + (settings.authorization().isEmpty()
                  ? " (set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and _PASSWORD)"
                  : " (the configured MLflow credentials were refused)");
    } else {
      cause = Failures.describe(e);
    }
    return new ModelLoadException(id, what + " failed: " + cause, e);
  }
}
