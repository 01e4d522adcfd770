package dev.modelcache.engine.model.hub;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.model.GraphChoice;
import dev.modelcache.engine.model.HuggingFaceCacheSource;
import dev.modelcache.engine.model.ModelFiles;
import dev.modelcache.engine.model.ModelSource;
import dev.modelcache.engine.model.download.AtomicFiles;
import dev.modelcache.engine.model.download.Failures;
import dev.modelcache.engine.model.download.Fetched;
import dev.modelcache.engine.model.download.HttpFetcher;
import dev.modelcache.engine.model.download.HttpStatusException;
import dev.modelcache.engine.model.download.IntegrityException;
import dev.modelcache.engine.model.download.ProcessLock;
import dev.modelcache.engine.model.download.SingleFlight;
import dev.modelcache.engine.model.download.Transfer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Models from the Hugging Face Hub, kept in a {@code huggingface_hub} cache.
 *
 * <p>{@link #locate} first reads the cache: if {@code refs/{revision}} (default {@code main}) or a
 * commit hash names a snapshot with an ONNX graph and {@code tokenizer.json}, that is the answer
 * and nothing touches the network (so a branch is not re-checked once fetched). Otherwise, unless
 * offline, it asks the Hub for the repository at that revision, picks the files ({@link
 * FileSelection}), completes the metadata of files listed without a blob id from their headers (as
 * {@code huggingface_hub} does for every file), downloads each missing blob to {@code
 * blobs/{etag}.incomplete} (resuming what an interrupted download left), verifies its size and
 * SHA-256 (LFS) or git blob SHA-1, renames it to {@code blobs/{etag}}, links the snapshot, and
 * writes {@code refs/{revision}} last.
 *
 * <p>Failures: a repository the Hub does not know (404, or 401 without a token, which is how the
 * Hub hides private repositories) is not found here (empty); a refused token (401/403 with a token)
 * is logged with a hint and also not found. Server errors, timeouts, truncated or corrupt bodies
 * and over-large models are {@link ModelLoadException}s naming the file and the cause. A failed
 * download leaves no blob, no snapshot link and no ref: nothing a later {@code locate} would load.
 *
 * <p>Thread-safe. Concurrent {@code locate} calls for one model share one download; other processes
 * are kept out of a blob being written by a lock file. Registry names ({@code models:/...}) are
 * never found here.
 */
public final class HubSource implements ModelSource {
  private static final System.Logger LOG = System.getLogger(HubSource.class.getName());

  private final HubSettings settings;
  private final HuggingFaceCacheSource cache;
  private final GraphChoice graphs;
  private final HttpFetcher fetcher;
  private final HubApi api;
  private final SingleFlight<ModelId, Optional<ModelFiles>> flights = new SingleFlight<>();

  public HubSource(HubSettings settings) {
    this(
        settings,
        new HttpFetcher(settings.connectTimeout(), settings.readTimeout(), settings.userAgent()));
  }

  /** A source that downloads through {@code fetcher} (whose timeouts then apply). */
  public HubSource(HubSettings settings, HttpFetcher fetcher) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.graphs =
        settings.onnxVariant().map(GraphChoice::preferring).orElse(GraphChoice.standard());
    this.cache = new HuggingFaceCacheSource(settings.cacheDir(), graphs);
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.api = new HubApi(fetcher, settings);
  }

  @Override
  public Optional<ModelFiles> locate(ModelId id) {
    if (id.isRegistry()) {
      return Optional.empty();
    }
    Optional<ModelFiles> local = cached(id);
    if (local.isPresent()) {
      return local;
    }
    if (settings.offline()) {
      LOG.log(Level.DEBUG, () -> id + " is not in the Hub cache and HF_HUB_OFFLINE is set");
      return Optional.empty();
    }
    return flights.run(id, () -> cached(id).or(() -> download(id)));
  }

  @Override
  public List<ModelId> available() {
    return cache.available();
  }

  @Override
  public String describe() {
    return "hub:"
        + settings.endpoint()
        + (settings.offline() ? " (offline)" : "")
        + " cache:"
        + settings.cacheDir();
  }

  /** How many {@code locate} calls share the download of {@code id} now in progress; 0 if none. */
  public int callersSharing(ModelId id) {
    return flights.callers(id);
  }

  /** The settings this source runs with. */
  public HubSettings settings() {
    return settings;
  }

  private Optional<ModelFiles> cached(ModelId id) {
    return cache.locate(id).filter(files -> Files.isRegularFile(files.tokenizer()));
  }

  private Optional<ModelFiles> download(ModelId id) {
    String revision = id.revision().orElse("main");
    RepoInfo info;
    try {
      info = api.modelInfo(id.repoId(), revision);
    } catch (HttpStatusException e) {
      if (e.status() == 404 || e.status() == 401 || e.status() == 403) {
        notFound(id, e);
        return Optional.empty();
      }
      throw failure(id, "asking the Hub for " + id.repoId() + "@" + revision, e);
    } catch (IOException e) {
      throw failure(id, "asking the Hub for " + id.repoId() + "@" + revision, e);
    }
    List<RepoFile> files = new ArrayList<>();
    try {
      for (RepoFile file : FileSelection.choose(id, info, graphs)) {
        files.add(api.withMetadata(id.repoId(), info.commit(), file));
      }
    } catch (HttpStatusException e) {
      throw failure(id, "reading a file's metadata from the Hub" + hint(e), e);
    } catch (IOException e) {
      throw failure(id, "reading a file's metadata from the Hub", e);
    }
    long total = files.stream().mapToLong(RepoFile::size).sum();
    if (total > settings.maxModelBytes()) {
      throw new ModelLoadException(
          id,
          String.format(
              Locale.ROOT,
              "its files total %d bytes, more than the download limit of %d bytes"
                  + " (MODEL_CACHE_DOWNLOAD_MAX_MB)",
              total,
              settings.maxModelBytes()));
    }
    LOG.log(
        Level.INFO,
        () ->
            String.format(
                Locale.ROOT,
                "fetching %s from %s: commit %s, %d files, %.1f MB",
                id,
                settings.endpoint(),
                info.commit().substring(0, 8),
                files.size(),
                total / 1048576.0));
    HubCacheWriter writer = HubCacheWriter.of(cache, id);
    long budget = settings.maxModelBytes();
    for (RepoFile file : files) {
      fetchBlob(id, info.commit(), file, writer, budget);
      budget -= file.size();
    }
    try {
      for (RepoFile file : files) {
        writer.link(info.commit(), file.path(), file.etag());
      }
      if (!revision.equals(info.commit())) {
        writer.writeRef(revision, info.commit());
      }
    } catch (IOException e) {
      throw failure(id, "writing the snapshot into " + settings.cacheDir(), e);
    }
    return ModelFiles.in(id, writer.snapshot(info.commit()), graphs);
  }

  @SuppressWarnings("try") // the lock works by being held, not by being referenced
  private void fetchBlob(
      ModelId id, String commit, RepoFile file, HubCacheWriter writer, long limit) {
    Path blob = writer.blob(file.etag());
    String label = id.repoId() + " " + file.path();
    try {
      if (isComplete(blob, file)) {
        return;
      }
      try (ProcessLock lock = ProcessLock.acquire(writer.lockFile(file.etag()))) {
        if (isComplete(blob, file)) {
          return; // another process finished it while this one waited
        }
        Path partial = writer.incomplete(file.etag());
        Files.createDirectories(partial.getParent());
        Fetched fetched =
            fetcher.download(
                new Transfer(
                    api.resolve(id.repoId(), commit, file.path()),
                    api.authorization(),
                    partial,
                    file.expected(),
                    limit,
                    label));
        checkEtag(id, file, fetched, partial);
        AtomicFiles.move(partial, blob);
      }
    } catch (HttpStatusException e) {
      throw failure(id, "downloading " + file.path() + hint(e), e);
    } catch (IOException e) {
      throw failure(id, "downloading " + file.path(), e);
    }
  }

  /** A blob already in place: written only after verification, so its size is checked only. */
  private static boolean isComplete(Path blob, RepoFile file) throws IOException {
    return Files.isRegularFile(blob) && Files.size(blob) == file.size();
  }

  /** The Hub's own etag headers must agree with the model info the file was verified against. */
  private static void checkEtag(ModelId id, RepoFile file, Fetched fetched, Path partial)
      throws IOException {
    Optional<String> linked = fetched.header("X-Linked-Etag").map(HubApi::normalizeEtag);
    Optional<String> plain = fetched.header("ETag").map(HubApi::normalizeEtag);
    Optional<String> announced = linked.isPresent() ? linked : plain.filter(e -> e.length() == 40);
    if (announced.isPresent() && !announced.get().equals(file.etag())) {
      Files.deleteIfExists(partial);
      throw new IntegrityException(
          file.path()
              + ": the Hub's ETag "
              + announced.get()
              + " disagrees with the model info's "
              + file.etag(),
          false);
    }
  }

  private void notFound(ModelId id, HttpStatusException e) {
    String code = e.header("X-Error-Code").orElse("");
    if (e.status() == 404) {
      LOG.log(Level.DEBUG, () -> id + " is not on the Hub (404 " + code + ")");
    } else if (settings.token().isEmpty()) {
      LOG.log(
          Level.WARNING,
          () ->
              id
                  + ": the Hub answered "
                  + e.status()
                  + " "
                  + code
                  + "; it does not exist, or it is private or gated: set HF_TOKEN to a token that"
                  + " can read it");
    } else {
      LOG.log(
          Level.WARNING,
          () ->
              id
                  + ": the Hub refused HF_TOKEN ("
                  + e.status()
                  + " "
                  + code
                  + "); check that the token is valid and that its account can read the"
                  + " repository (gated models need their terms accepted)");
    }
  }

  private String hint(HttpStatusException e) {
    if (e.status() == 401 || e.status() == 403) {
      return settings.token().isEmpty()
          ? " (set HF_TOKEN if the repository is private or gated)"
          : " (HF_TOKEN was refused)";
    }
    return "";
  }

  private static ModelLoadException failure(ModelId id, String what, IOException e) {
    return new ModelLoadException(id, what + " failed: " + Failures.describe(e), e);
  }
}
