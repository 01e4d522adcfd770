package dev.modelcache.engine.model.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.model.ModelFiles;
import dev.modelcache.engine.model.fake.FakeMlflow;
import dev.modelcache.engine.model.fake.Gate;
import dev.modelcache.engine.model.fake.LogCapture;
import dev.modelcache.engine.model.fake.Stall;
import dev.modelcache.engine.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way an MLflow fetch goes wrong, one per test; none leaves a version folder behind. */
class MlflowFaultTest {
  private static final String MODEL = "prompt-guard";
  private static final ModelId V1 = ModelId.of("models:/prompt-guard/1");
  private static final Duration SHORT = Duration.ofMillis(400);

  @TempDir Path cache;
  private FakeMlflow mlflow;
  private long onnxSize;

  @BeforeEach
  void startMlflow() throws IOException {
    mlflow = FakeMlflow.start();
    mlflow.register(MODEL, Fixtures.tinyModels().resolve("tiny-a"));
    mlflow.setAlias(MODEL, "champion", 1);
    onnxSize = Files.size(Fixtures.tinyModels().resolve("tiny-a/model.onnx"));
  }

  @AfterEach
  void stopMlflow() {
    mlflow.close();
  }

  private MlflowSettings settings() {
    return MlflowDownloadTest.settings(mlflow, cache);
  }

  private MlflowSource source() {
    return new MlflowSource(settings());
  }

  @Test
  void anUnknownModelVersionOrAliasIsNotFound() {
    assertTrue(source().locate(ModelId.of("models:/absent/1")).isEmpty());
    assertTrue(source().locate(ModelId.of("models:/prompt-guard/7")).isEmpty());
    assertTrue(source().locate(ModelId.of("models:/prompt-guard@challenger")).isEmpty());
    assertTrue(source().locate(ModelId.of("models:/absent@champion")).isEmpty());
    assertTrue(Files.notExists(cache.resolve("absent/1")));
  }

  @Test
  void withoutCredentialsARefusalSaysWhatToSet() {
    mlflow.requireBasic("alice", "s3cret-password");

    ModelLoadException e = assertThrows(ModelLoadException.class, () -> source().locate(V1));

    assertTrue(e.getMessage().contains("401"), e.getMessage());
    assertTrue(e.getMessage().contains("MLFLOW_TRACKING_USERNAME"), e.getMessage());
  }

  @Test
  void basicAuthAndBearerTokensAreSent() {
    mlflow.requireBasic("alice", "s3cret-password");
    assertTrue(
        new MlflowSource(settings().withBasicAuth("alice", "s3cret-password"))
            .locate(V1)
            .isPresent());

    mlflow.requireBearer("tok-123");
    assertTrue(
        new MlflowSource(settings().withToken("tok-123"))
            .locate(ModelId.of("models:/prompt-guard@champion"))
            .isPresent());
  }

  @Test
  void refusedCredentialsAreNeitherLoggedNorInTheMessage() {
    mlflow.requireBasic("alice", "right-password");
    MlflowSettings wrong =
        settings().withBasicAuth("alice", "wrong-password-xyz").withToken("tok-secret-9");

    try (LogCapture log = new LogCapture()) {
      ModelLoadException e =
          assertThrows(ModelLoadException.class, () -> new MlflowSource(wrong).locate(V1));

      assertTrue(e.getMessage().contains("credentials were refused"), e.getMessage());
      for (String secret : List.of("wrong-password-xyz", "tok-secret-9")) {
        assertFalse(e.getMessage().contains(secret), e.getMessage());
        assertFalse(log.all().contains(secret), log.all());
        assertFalse(wrong.toString().contains(secret), wrong.toString());
      }
    }
  }

  @Test
  void aServerErrorIsALoadError() {
    mlflow.faults().status("get", 500);

    ModelLoadException e = assertThrows(ModelLoadException.class, () -> source().locate(V1));

    assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    assertEquals(503, e.kind().httpStatus());
  }

  @Test
  void malformedRegistryAnswersAreLoadErrorsThatNameTheField() throws IOException {
    mlflow.faults().body("get", "{\"model_version\": {\"version\": [1], \"status\": \"READY\"}}");
    ModelLoadException version = assertThrows(ModelLoadException.class, () -> source().locate(V1));
    mlflow.faults().clear("get");
    mlflow
        .faults()
        .body("list", "{\"files\": [{\"path\": \"model.onnx\", \"file_size\": \"big\"}]}");
    ModelLoadException listing = assertThrows(ModelLoadException.class, () -> source().locate(V1));
    mlflow.faults().body("list", "{\"files\": [{\"path\": \"model.onnx\", \"is_dir\"");
    ModelLoadException truncated =
        assertThrows(ModelLoadException.class, () -> source().locate(V1));

    assertEquals(
        "model 'models:/prompt-guard/1' could not be loaded: looking up version 1 failed: MLflow's answer"
            + " to model-versions/get is malformed: version is an array ([1]), not a string",
        version.getMessage());
    assertTrue(
        listing
            .getMessage()
            .endsWith(
                "MLflow's artifact listing is malformed: file_size is a string (\"big\"), not a"
                    + " whole number >= 0"),
        listing.getMessage());
    assertTrue(
        truncated.getMessage().contains("MLflow's artifact listing is not valid JSON"),
        truncated.getMessage());
    assertNoVersionFolder();
  }

  @Test
  void aSlowRegistryPastTheTimeoutIsALoadError() {
    Gate gate = mlflow.faults().delay("alias");
    try {
      ModelLoadException e =
          assertThrows(
              ModelLoadException.class,
              () ->
                  new MlflowSource(settings().withTimeouts(SHORT, SHORT))
                      .locate(ModelId.of("models:/prompt-guard@champion")));

      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
    } finally {
      gate.open();
    }
  }

  @Test
  void aTruncatedArtifactLeavesNoVersionFolder() throws IOException {
    mlflow.faults().truncate(MODEL + "/1/model.onnx", 1000);

    ModelLoadException e = assertThrows(ModelLoadException.class, () -> source().locate(V1));

    assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
    assertNoVersionFolder();
    mlflow.faults().clear(MODEL + "/1/model.onnx");
    assertTrue(source().locate(V1).isPresent());
  }

  @Test
  void anArtifactThatStallsPastTheTimeoutLeavesNoVersionFolder() throws IOException {
    Stall stall = mlflow.faults().stall(MODEL + "/1/model.onnx", onnxSize / 2);
    try {
      ModelLoadException e =
          assertThrows(
              ModelLoadException.class,
              () -> new MlflowSource(settings().withTimeouts(SHORT, SHORT)).locate(V1));

      assertTrue(e.getMessage().contains("timed out"), e.getMessage());
      assertNoVersionFolder();
    } finally {
      stall.release();
    }
  }

  @Test
  void aVersionLargerThanTheLimitIsRefusedBeforeItsGraphIsFetched() throws IOException {
    MlflowSource small = new MlflowSource(settings().withMaxModelBytes(onnxSize / 2));

    ModelLoadException e = assertThrows(ModelLoadException.class, () -> small.locate(V1));

    assertTrue(e.getMessage().contains("MODEL_CACHE_DOWNLOAD_MAX_MB"), e.getMessage());
    assertEquals(0, mlflow.artifactRequests(MODEL, 1, "model.onnx"));
    assertNoVersionFolder();
  }

  @Test
  void aVersionThatIsNotReadyIsALoadError() {
    mlflow.setStatus(MODEL, 1, "PENDING_REGISTRATION");

    ModelLoadException e = assertThrows(ModelLoadException.class, () -> source().locate(V1));

    assertTrue(e.getMessage().contains("PENDING_REGISTRATION"), e.getMessage());
  }

  @Test
  void offlineFindsNothingUncachedAndSendsNothing() {
    MlflowSource offline = new MlflowSource(settings().withOffline(true));

    assertTrue(offline.locate(V1).isEmpty());
    assertTrue(offline.locate(ModelId.of("models:/prompt-guard@champion")).isEmpty());
    assertEquals(0, mlflow.totalRequests());
  }

  @Test
  void twoConcurrentLocatesShareOneDownload() throws Exception {
    Stall stall = mlflow.faults().stall(MODEL + "/1/model.onnx", onnxSize / 3);
    MlflowSource source = source();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Optional<ModelFiles>> first = pool.submit(() -> source.locate(V1));
      assertTrue(stall.awaitReached(Duration.ofSeconds(10)));
      Future<Optional<ModelFiles>> second = pool.submit(() -> source.locate(V1));
      Await.until(
          "the second call joins the first",
          Duration.ofSeconds(10),
          () -> source.callersSharing(MODEL, 1) == 2);
      stall.release();

      assertEquals(
          first.get(10, TimeUnit.SECONDS).orElseThrow(),
          second.get(10, TimeUnit.SECONDS).orElseThrow());
    } finally {
      stall.release();
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
    assertEquals(1, mlflow.requests("get"));
    assertEquals(1, mlflow.artifactRequests(MODEL, 1, "model.onnx"));
  }

  private void assertNoVersionFolder() throws IOException {
    Path name = cache.resolve(MODEL);
    assertFalse(Files.exists(name.resolve("1")), "no version folder for a failed download");
    if (Files.isDirectory(name)) {
      try (Stream<Path> entries = Files.list(name)) {
        assertTrue(
            entries.noneMatch(p -> p.getFileName().toString().endsWith(".incomplete")),
            "no temporary folder is left");
      }
    }
    assertTrue(new MlflowSource(settings().withOffline(true)).locate(V1).isEmpty());
  }
}
