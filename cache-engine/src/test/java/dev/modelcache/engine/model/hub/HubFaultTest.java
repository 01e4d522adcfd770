package dev.modelcache.engine.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.model.ModelFiles;
import dev.modelcache.engine.model.download.Hashes;
import dev.modelcache.engine.model.fake.FakeHub;
import dev.modelcache.engine.model.fake.Gate;
import dev.modelcache.engine.model.fake.LogCapture;
import dev.modelcache.engine.model.fake.Stall;
import dev.modelcache.engine.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a Hub download goes wrong, one per test, each checking the typed outcome and that
 * nothing a later {@code locate} would load was left behind.
 */
class HubFaultTest {
  private static final String REPO = "acme/tiny";
  private static final String ONNX = "model.onnx";
  private static final String TOKEN = "hf_secretTokenValue123";
  private static final Duration SHORT = Duration.ofMillis(400);

  @TempDir Path cache;
  private FakeHub hub;
  private String commit;
  private String onnxKey;
  private long onnxSize;

  @BeforeEach
  void startHub() throws IOException {
    hub = FakeHub.start();
    commit = hub.addRepo(REPO, Fixtures.tinyModels().resolve("tiny-a"));
    onnxKey = REPO + "/" + ONNX;
    onnxSize = Files.size(Fixtures.tinyModels().resolve("tiny-a/model.onnx"));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private HubSource source() {
    return new HubSource(HubDownloadTest.settings(hub, cache));
  }

  private HubSource impatientSource() {
    return new HubSource(HubDownloadTest.settings(hub, cache).withTimeouts(SHORT, SHORT));
  }

  @Test
  void anUnknownRepositoryIsNotFound() {
    try (LogCapture log = new LogCapture()) {
      assertTrue(source().locate(ModelId.of("acme/absent")).isEmpty());

      // Without a token the Hub answers 401, as it does for private repositories.
      assertTrue(log.all().contains("set HF_TOKEN"), log.all());
    }
    assertTrue(
        new HubSource(HubDownloadTest.settings(hub, cache).withToken(TOKEN))
            .locate(ModelId.of("acme/absent"))
            .isEmpty());
    assertEquals(2, hub.infoRequests("acme/absent"));
  }

  @Test
  void anUnknownRevisionIsNotFound() {
    assertTrue(source().locate(ModelId.of(REPO + "@no-such-branch")).isEmpty());
    assertTrue(Files.notExists(cache.resolve("models--acme--tiny")));
  }

  @Test
  void aPrivateRepositoryNeedsItsToken() throws IOException {
    hub.addRepo(
        "acme/private", Fixtures.tinyModels().resolve("tiny-c"), Map.of(), Optional.of(TOKEN));

    assertTrue(source().locate(ModelId.of("acme/private")).isEmpty());
    ModelFiles files =
        new HubSource(HubDownloadTest.settings(hub, cache).withToken(TOKEN))
            .locate(ModelId.of("acme/private"))
            .orElseThrow();

    assertTrue(Files.isRegularFile(files.onnx()));
    assertEquals(1, hub.cdnRequests("acme/private", ONNX));
    assertFalse(hub.authorizationReachedCdn(), "the token must not follow the redirect to the CDN");
  }

  @Test
  void aRefusedTokenIsNotFoundWithAHintAndTheTokenIsNeverLogged() throws IOException {
    hub.addRepo(
        "acme/private", Fixtures.tinyModels().resolve("tiny-c"), Map.of(), Optional.of("hf_other"));
    String wrong = "hf_wrongTokenNeverToBeLogged";
    HubSettings settings = HubDownloadTest.settings(hub, cache).withToken(wrong);

    try (LogCapture log = new LogCapture()) {
      assertTrue(new HubSource(settings).locate(ModelId.of("acme/private")).isEmpty());

      assertTrue(log.all().contains("refused HF_TOKEN"), log.all());
      assertFalse(log.all().contains(wrong), log.all());
    }
    assertFalse(settings.toString().contains(wrong), settings.toString());
  }

  @Test
  void theTokenIsInNoErrorMessage() {
    hub.faults().status(onnxKey, 500);
    HubSettings settings = HubDownloadTest.settings(hub, cache).withToken(TOKEN);
    hub.addToken(TOKEN);

    try (LogCapture log = new LogCapture()) {
      ModelLoadException e =
          assertThrows(
              ModelLoadException.class, () -> new HubSource(settings).locate(ModelId.of(REPO)));

      for (Throwable t = e; t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t.getMessage()).contains(TOKEN), t.getMessage());
      }
      assertFalse(log.all().contains(TOKEN), log.all());
    }
  }

  @Test
  void aServerErrorOnModelInfoIsALoadError() {
    hub.faults().status("info:" + REPO, 500);

    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> source().locate(ModelId.of(REPO)));

    assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    assertEquals(503, e.kind().httpStatus());
  }

  @Test
  void aServerErrorOnAFileLeavesNoSnapshotAndNoRef() {
    hub.faults().status(onnxKey, 500);

    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> source().locate(ModelId.of(REPO)));

    assertTrue(e.getMessage().contains("downloading model.onnx"), e.getMessage());
    assertNothingUsable();
    hub.faults().clear(onnxKey);
    assertTrue(source().locate(ModelId.of(REPO)).isPresent());
  }

  @Test
  void aModelInfoSlowerThanTheTimeoutIsALoadError() {
    Gate gate = hub.faults().delay("info:" + REPO);
    try {
      ModelLoadException e =
          assertThrows(ModelLoadException.class, () -> impatientSource().locate(ModelId.of(REPO)));

      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    } finally {
      gate.open();
    }
  }

  @Test
  void aFileThatStallsPastTheTimeoutIsALoadErrorAndIsResumedLater() throws Exception {
    Stall stall = hub.faults().stall(onnxKey, onnxSize / 2);

    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> impatientSource().locate(ModelId.of(REPO)));

    assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    assertTrue(stall.awaitReached(Duration.ZERO));
    Path partial = incomplete();
    assertEquals(onnxSize / 2, Files.size(partial), "the bytes received are kept for resuming");
    assertNothingUsable();

    hub.faults().clear(onnxKey);
    ModelFiles files = source().locate(ModelId.of(REPO)).orElseThrow();

    assertEquals(1, hub.rangeRequests(REPO, ONNX));
    assertEquals(onnxSize / 2, hub.rangeOffsets(REPO, ONNX), "it asked only for the rest");
    assertEquals(hub.sha256Of(REPO, ONNX), Hashes.sha256Of(files.onnx()));
  }

  @Test
  void aTruncatedBodyIsALoadErrorAndTheRestIsFetchedLater() throws IOException {
    hub.faults().truncate(onnxKey, 1000);

    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> source().locate(ModelId.of(REPO)));

    assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
    assertNothingUsable();

    hub.faults().clear(onnxKey);
    ModelFiles files = source().locate(ModelId.of(REPO)).orElseThrow();

    assertEquals(1, hub.rangeRequests(REPO, ONNX));
    assertEquals(hub.sha256Of(REPO, ONNX), Hashes.sha256Of(files.onnx()));
  }

  @Test
  void aSha256MismatchKeepsNoBlobAndNoTemporaryFile() throws IOException {
    hub.faults().corrupt(onnxKey);

    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> source().locate(ModelId.of(REPO)));

    assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
    assertNothingUsable();
    assertEquals(List.of(), blobs(".incomplete"), "a corrupt download is never resumed");
    assertFalse(Files.exists(blob(hub.sha256Of(REPO, ONNX))));

    hub.faults().clear(onnxKey);
    assertEquals(
        hub.sha256Of(REPO, ONNX),
        Hashes.sha256Of(source().locate(ModelId.of(REPO)).orElseThrow().onnx()));
    assertEquals(0, hub.rangeRequests(REPO, ONNX));
  }

  @Test
  void aGitFileWithTheWrongBlobShaIsRefused() {
    hub.faults().corrupt(REPO + "/tokenizer.json");

    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> source().locate(ModelId.of(REPO)));

    assertTrue(e.getMessage().contains("git blob SHA-1"), e.getMessage());
    assertNothingUsable();
  }

  @Test
  void aCorruptLeftoverIsDiscardedAndTheFileFetchedAgain() throws IOException {
    Path partial =
        blob(hub.sha256Of(REPO, ONNX)).resolveSibling(hub.sha256Of(REPO, ONNX) + ".incomplete");
    Files.createDirectories(partial.getParent());
    Files.write(partial, new byte[1000]); // zeros: not a prefix of the real file

    ModelFiles files = source().locate(ModelId.of(REPO)).orElseThrow();

    assertEquals(hub.sha256Of(REPO, ONNX), Hashes.sha256Of(files.onnx()));
    assertEquals(1, hub.rangeRequests(REPO, ONNX), "it tried to resume first");
    assertEquals(2, hub.cdnRequests(REPO, ONNX), "then fetched the whole file");
    assertEquals(List.of(), blobs(".incomplete"));
  }

  @Test
  void aModelLargerThanTheLimitIsRefusedBeforeAnyFileIsFetched() {
    HubSource small =
        new HubSource(HubDownloadTest.settings(hub, cache).withMaxModelBytes(onnxSize / 2));

    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> small.locate(ModelId.of(REPO)));

    assertTrue(e.getMessage().contains("MODEL_CACHE_DOWNLOAD_MAX_MB"), e.getMessage());
    assertEquals(0, hub.fileRequests(REPO, ONNX));
    assertEquals(0, hub.fileRequests(REPO, "tokenizer.json"));
  }

  @Test
  void offlineServesWhatIsCachedWithoutAnyRequest() {
    source().locate(ModelId.of(REPO)).orElseThrow();
    long before = hub.totalRequests();
    HubSource offline = new HubSource(HubDownloadTest.settings(hub, cache).withOffline(true));

    assertTrue(offline.locate(ModelId.of(REPO)).isPresent());
    assertTrue(offline.locate(ModelId.of("acme/missing")).isEmpty());
    assertEquals(before, hub.totalRequests());
  }

  @Test
  void offlineFindsNothingUncachedAndSendsNothing() {
    HubSource offline = new HubSource(HubDownloadTest.settings(hub, cache).withOffline(true));

    assertTrue(offline.locate(ModelId.of(REPO)).isEmpty());
    assertEquals(0, hub.totalRequests());
  }

  @Test
  void twoConcurrentLocatesShareOneDownload() throws Exception {
    Stall stall = hub.faults().stall(onnxKey, onnxSize / 3);
    HubSource source = source();
    ModelId id = ModelId.of(REPO);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Optional<ModelFiles>> first = pool.submit(() -> source.locate(id));
      assertTrue(stall.awaitReached(Duration.ofSeconds(10)));
      Future<Optional<ModelFiles>> second = pool.submit(() -> source.locate(id));
      Await.until(
          "the second call joins the first",
          Duration.ofSeconds(10),
          () -> source.callersSharing(id) == 2);
      stall.release();

      ModelFiles a = first.get(10, TimeUnit.SECONDS).orElseThrow();
      ModelFiles b = second.get(10, TimeUnit.SECONDS).orElseThrow();
      assertEquals(a, b);
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
    assertEquals(1, hub.infoRequests(REPO));
    assertEquals(1, hub.fileRequests(REPO, ONNX));
    assertEquals(1, hub.cdnRequests(REPO, ONNX));
    assertEquals(1, hub.fileRequests(REPO, "tokenizer.json"));
  }

  @Test
  void aFailedSharedDownloadFailsBothCallersWithTheSameError() throws Exception {
    Stall stall = hub.faults().stall(onnxKey, onnxSize / 3);
    HubSource source = source();
    ModelId id = ModelId.of(REPO);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Optional<ModelFiles>> first = pool.submit(() -> source.locate(id));
      assertTrue(stall.awaitReached(Duration.ofSeconds(10)));
      Future<Optional<ModelFiles>> second = pool.submit(() -> source.locate(id));
      Await.until(
          "the second call joins the first",
          Duration.ofSeconds(10),
          () -> source.callersSharing(id) == 2);
      hub.faults().truncate(onnxKey, onnxSize / 3);
      stall.release();

      Throwable a = assertThrows(ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
      Throwable b = assertThrows(ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS));
      assertTrue(a.getCause() instanceof ModelLoadException, String.valueOf(a.getCause()));
      assertSame(a.getCause(), b.getCause());
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
    assertEquals(1, hub.cdnRequests(REPO, ONNX));
    assertEquals(0, source.callersSharing(id), "the failure is not remembered");
  }

  /** No ref, no linked graph, and a cache-only source finds nothing to load. */
  private void assertNothingUsable() {
    Path repo = cache.resolve("models--acme--tiny");
    assertFalse(Files.exists(repo.resolve("refs/main")), "no ref for an incomplete model");
    assertFalse(Files.exists(repo.resolve("snapshots").resolve(commit).resolve(ONNX)));
    assertTrue(
        new HubSource(HubDownloadTest.settings(hub, cache).withOffline(true))
            .locate(ModelId.of(REPO))
            .isEmpty(),
        "an offline source must find nothing to load");
  }

  private Path blob(String etag) {
    return cache.resolve("models--acme--tiny/blobs").resolve(etag);
  }

  private Path incomplete() {
    List<Path> partials = blobs(".incomplete");
    assertEquals(1, partials.size(), partials.toString());
    return partials.get(0);
  }

  private List<Path> blobs(String suffix) {
    Path blobs = cache.resolve("models--acme--tiny/blobs");
    if (!Files.isDirectory(blobs)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(blobs)) {
      return files.filter(f -> f.toString().endsWith(suffix)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
