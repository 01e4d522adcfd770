package dev.modelcache.engine.model.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.model.ModelFiles;
import dev.modelcache.engine.model.download.Hashes;
import dev.modelcache.engine.model.fake.FakeMlflow;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resolving registry names and fetching versions from an MLflow-protocol server. */
class MlflowDownloadTest {
  static final String MODEL = "prompt-guard";

  @TempDir Path cache;
  private FakeMlflow mlflow;

  @BeforeEach
  void startMlflow() throws IOException {
    mlflow = FakeMlflow.start();
    mlflow.register(MODEL, Fixtures.tinyModels().resolve("tiny-a"));
    mlflow.register(MODEL, Fixtures.tinyModels().resolve("tiny-c"));
    mlflow.setAlias(MODEL, "champion", 1);
  }

  @AfterEach
  void stopMlflow() {
    mlflow.close();
  }

  static MlflowSettings settings(FakeMlflow mlflow, Path cache) {
    return MlflowSettings.defaults(mlflow.trackingUri(), cache)
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  private MlflowSource source() {
    return new MlflowSource(settings(mlflow, cache));
  }

  @Test
  void aVersionIsFetchedIntoItsNameAndVersionFolderWithAManifest() throws IOException {
    ModelFiles files = source().locate(ModelId.of("models:/prompt-guard/1")).orElseThrow();

    Path dir = cache.resolve("prompt-guard/1");
    assertEquals(dir, files.directory());
    assertEquals(dir.resolve("model.onnx"), files.onnx());
    assertEquals(dir.resolve("tokenizer.json"), files.tokenizer());
    assertEquals(Optional.of(dir.resolve("config.json")), files.config());
    String manifest = Files.readString(dir.resolve(".model-cache-manifest.json"));
    assertTrue(
        manifest.contains(Hashes.sha256Of(Fixtures.tinyModels().resolve("tiny-a/model.onnx"))),
        manifest);
    try (Stream<Path> entries = Files.list(cache.resolve("prompt-guard"))) {
      assertEquals(
          List.of(".1.lock", "1"),
          entries.map(p -> p.getFileName().toString()).sorted().toList(),
          "no temporary folder is left");
    }
  }

  @Test
  void anAliasIsResolvedEveryTimeAndFollowsAMove() {
    MlflowSource source = source();
    ModelId champion = ModelId.of("models:/prompt-guard@champion");

    assertEquals(
        cache.resolve("prompt-guard/1"), source.locate(champion).orElseThrow().directory());
    mlflow.setAlias(MODEL, "champion", 2);
    assertEquals(
        cache.resolve("prompt-guard/2"), source.locate(champion).orElseThrow().directory());

    assertEquals(2, mlflow.requests("alias"));
    assertEquals(2, mlflow.requests("download-uri"), "each version was downloaded once");
  }

  @Test
  void latestIsPassedToTheServer() {
    ModelFiles files = source().locate(ModelId.of("models:/prompt-guard@latest")).orElseThrow();

    assertEquals(cache.resolve("prompt-guard/2"), files.directory());
  }

  @Test
  void aCachedVersionIsServedWithoutAnyRequest() {
    source().locate(ModelId.of("models:/prompt-guard/1")).orElseThrow();
    long before = mlflow.totalRequests();

    MlflowSource fresh = source();
    assertTrue(fresh.locate(ModelId.of("models:/prompt-guard/1")).isPresent());

    assertEquals(before, mlflow.totalRequests());
    assertEquals(List.of(ModelId.of("models:/prompt-guard/1")), fresh.available());
  }

  @Test
  void offlineAnAliasIsItsLastResolution() {
    source().locate(ModelId.of("models:/prompt-guard@champion")).orElseThrow();
    long before = mlflow.totalRequests();
    MlflowSource offline = new MlflowSource(settings(mlflow, cache).withOffline(true));

    assertEquals(
        cache.resolve("prompt-guard/1"),
        offline.locate(ModelId.of("models:/prompt-guard@champion")).orElseThrow().directory());
    assertTrue(offline.locate(ModelId.of("models:/prompt-guard@other")).isEmpty());
    assertTrue(offline.locate(ModelId.of("models:/prompt-guard/2")).isEmpty());
    assertEquals(before, mlflow.totalRequests());
  }

  @Test
  void anUnreachableServerFallsBackToTheLastResolutionOfACachedAlias() {
    source().locate(ModelId.of("models:/prompt-guard@champion")).orElseThrow();
    mlflow.faults().status("alias", 503);

    assertEquals(
        cache.resolve("prompt-guard/1"),
        source().locate(ModelId.of("models:/prompt-guard@champion")).orElseThrow().directory());
  }

  @Test
  void aGraphInAFolderIsFoundThroughMLmodel() throws IOException {
    byte[] onnx = Files.readAllBytes(Fixtures.tinyModels().resolve("tiny-b/onnx/model.onnx"));
    int version =
        mlflow.register(
            "nested",
            Map.of(
                "MLmodel",
                FakeMlflow.mlmodel("onnx/model.onnx", onnx.length),
                "onnx/model.onnx",
                onnx,
                "onnx/extra.bin",
                new byte[] {1, 2, 3},
                "tokenizer.json",
                Files.readAllBytes(Fixtures.tinyModels().resolve("tiny-b/tokenizer.json"))));

    ModelFiles files = source().locate(ModelId.of("models:/nested/" + version)).orElseThrow();

    assertEquals(cache.resolve("nested/1/onnx/model.onnx"), files.onnx());
    assertEquals(Optional.empty(), files.config());
    assertEquals(
        0, mlflow.artifactRequests("nested", version, "onnx/extra.bin"), "weights skipped");
  }

  @Test
  void aVersionWithoutAnOnnxFlavourIsALoadErrorNamingItsFlavours() {
    byte[] mlmodel =
        ("flavors:\n  python_function:\n    loader_module: mlflow.transformers\n"
                + "  transformers:\n    code: null\n")
            .getBytes(StandardCharsets.UTF_8);
    int version = mlflow.register("pytorch-only", Map.of("MLmodel", mlmodel));

    String message =
        assertThrows(
                ModelLoadException.class,
                () -> source().locate(ModelId.of("models:/pytorch-only/" + version)))
            .getMessage();

    assertTrue(message.contains("no onnx flavour"), message);
    assertTrue(message.contains("python_function, transformers"), message);
    assertFalse(Files.exists(cache.resolve("pytorch-only/1")));
  }

  @Test
  void aDamagedCachedCopyIsFetchedAgain() throws IOException {
    source().locate(ModelId.of("models:/prompt-guard/1")).orElseThrow();
    Path onnx = cache.resolve("prompt-guard/1/model.onnx");
    byte[] bytes = Files.readAllBytes(onnx);
    bytes[bytes.length / 2] ^= 0x5a; // same size, different content
    Files.write(onnx, bytes);

    ModelFiles files = source().locate(ModelId.of("models:/prompt-guard/1")).orElseThrow();

    assertEquals(
        Hashes.sha256Of(Fixtures.tinyModels().resolve("tiny-a/model.onnx")),
        Hashes.sha256Of(files.onnx()));
    assertEquals(2, mlflow.artifactRequests(MODEL, 1, "model.onnx"));
  }

  @Test
  void hubNamesAreNotRegistryNames() {
    assertTrue(source().locate(ModelId.of("acme/prompt-guard")).isEmpty());
    assertEquals(0, mlflow.totalRequests());
  }
}
