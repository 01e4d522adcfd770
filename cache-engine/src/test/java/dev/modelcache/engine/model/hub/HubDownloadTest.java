package dev.modelcache.engine.model.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.model.HuggingFaceCacheSource;
import dev.modelcache.engine.model.ModelFiles;
import dev.modelcache.engine.model.fake.FakeHub;
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

/**
 * Fetching from a Hub-protocol server into the layout Python's huggingface_hub writes, and reading
 * it back without the network.
 */
class HubDownloadTest {
  static final String REPO = "acme/tiny-classifier";
  static final Map<String, byte[]> WEIGHTS =
      Map.of(
          "pytorch_model.bin", new byte[] {1, 2, 3, 4},
          "model.safetensors", new byte[] {5, 6, 7, 8},
          "tf_model.h5", new byte[] {9});

  @TempDir Path cache;
  private FakeHub hub;
  private String commit;

  @BeforeEach
  void startHub() throws IOException {
    hub = FakeHub.start();
    commit = hub.addRepo(REPO, Fixtures.tinyModels().resolve("tiny-a"), WEIGHTS, Optional.empty());
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  static HubSettings settings(FakeHub hub, Path cache) {
    return HubSettings.defaults(cache)
        .withEndpoint(hub.endpoint())
        .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Test
  void aModelIsFetchedIntoTheHuggingFaceHubLayout() throws IOException {
    ModelFiles files = new HubSource(settings(hub, cache)).locate(ModelId.of(REPO)).orElseThrow();

    Path repo = cache.resolve("models--acme--tiny-classifier");
    Path snapshot = repo.resolve("snapshots").resolve(commit);
    assertEquals(snapshot, files.directory());
    assertEquals(commit, Files.readString(repo.resolve("refs/main")));
    Path onnxLink = snapshot.resolve("model.onnx");
    assertTrue(Files.isSymbolicLink(onnxLink));
    String onnxSha = hub.sha256Of(REPO, "model.onnx");
    assertEquals(Path.of("../../blobs/" + onnxSha), Files.readSymbolicLink(onnxLink));
    byte[] tokenizer = hub.files(REPO).get("tokenizer.json");
    assertEquals(
        Path.of("../../blobs/" + FakeHub.gitSha1(tokenizer)),
        Files.readSymbolicLink(snapshot.resolve("tokenizer.json")),
        "a git file's blob is named by its git blob SHA-1, as huggingface_hub names it");
    assertArrayEquals(
        Files.readAllBytes(Fixtures.tinyModels().resolve("tiny-a/model.onnx")),
        Files.readAllBytes(files.onnx()));
    assertEquals(Optional.of(snapshot.resolve("config.json")), files.config());
    try (Stream<Path> blobs = Files.list(repo.resolve("blobs"))) {
      assertTrue(blobs.noneMatch(b -> b.toString().endsWith(".incomplete")));
    }
  }

  @Test
  void onlyTheGraphTokenizerAndConfigsAreFetchedNeverTheWeights() {
    new HubSource(settings(hub, cache)).locate(ModelId.of(REPO)).orElseThrow();

    for (String weights : WEIGHTS.keySet()) {
      assertEquals(0, hub.fileRequests(REPO, weights), weights);
    }
    assertEquals(1, hub.fileRequests(REPO, "model.onnx"));
    assertEquals(1, hub.cdnRequests(REPO, "model.onnx"), "LFS files come from the CDN host");
    assertEquals(1, hub.fileRequests(REPO, "tokenizer.json"));
    assertEquals(1, hub.fileRequests(REPO, "config.json"));
    assertEquals(0, hub.fileRequests(REPO, "reference.json"));
    assertFalse(
        Files.exists(
            cache.resolve(
                "models--acme--tiny-classifier/snapshots/" + commit + "/pytorch_model.bin")));
  }

  @Test
  void aCachedModelIsServedWithoutAnyRequest() {
    new HubSource(settings(hub, cache)).locate(ModelId.of(REPO)).orElseThrow();
    long before = hub.totalRequests();

    HubSource fresh = new HubSource(settings(hub, cache));
    ModelFiles again = fresh.locate(ModelId.of(REPO)).orElseThrow();
    ModelFiles byCommit = fresh.locate(ModelId.of(REPO + "@" + commit)).orElseThrow();

    assertEquals(before, hub.totalRequests());
    assertEquals(again.directory(), byCommit.directory());
    assertEquals(List.of(ModelId.of(REPO)), fresh.available());
  }

  @Test
  void theReadOnlyCacheSourceReadsWhatWasFetched() {
    new HubSource(settings(hub, cache)).locate(ModelId.of(REPO)).orElseThrow();

    assertTrue(new HuggingFaceCacheSource(cache).locate(ModelId.of(REPO)).isPresent());
  }

  @Test
  void aNestedGraphLinksThreeLevelsUp() throws IOException {
    hub.addRepo("acme/nested", Fixtures.tinyModels().resolve("tiny-b"));

    ModelFiles files =
        new HubSource(settings(hub, cache)).locate(ModelId.of("acme/nested")).orElseThrow();

    assertTrue(files.onnx().endsWith("onnx/model.onnx"));
    assertEquals(
        Path.of("../../../blobs/" + hub.sha256Of("acme/nested", "onnx/model.onnx")),
        Files.readSymbolicLink(files.onnx()));
  }

  @Test
  void aConfiguredVariantIsPreferredAndTheStandardGraphIsNotFetched() throws IOException {
    Map<String, byte[]> quantized =
        Map.of(
            "onnx/model_quantized.onnx",
            Files.readAllBytes(Fixtures.tinyModels().resolve("tiny-c/model.onnx")));
    hub.addRepo(
        "acme/variants", Fixtures.tinyModels().resolve("tiny-b"), quantized, Optional.empty());

    ModelFiles files =
        new HubSource(settings(hub, cache).withOnnxVariant("quantized"))
            .locate(ModelId.of("acme/variants"))
            .orElseThrow();

    assertTrue(files.onnx().endsWith("onnx/model_quantized.onnx"), files.onnx().toString());
    assertEquals(0, hub.fileRequests("acme/variants", "onnx/model.onnx"));
  }

  @Test
  void aCommitIsFetchedWithoutARefAndItsBlobsServeTheBranchLater() throws IOException {
    HubSource source = new HubSource(settings(hub, cache));
    ModelFiles files = source.locate(ModelId.of(REPO + "@" + commit)).orElseThrow();

    Path repo = cache.resolve("models--acme--tiny-classifier");
    assertEquals(repo.resolve("snapshots").resolve(commit), files.directory());
    assertFalse(Files.exists(repo.resolve("refs")), "huggingface_hub writes no ref for a commit");

    source.locate(ModelId.of(REPO)).orElseThrow();

    assertEquals(commit, Files.readString(repo.resolve("refs/main"), StandardCharsets.US_ASCII));
    assertEquals(2, hub.infoRequests(REPO), "main had to be resolved to its commit");
    assertEquals(1, hub.cdnRequests(REPO, "model.onnx"), "the blob was already there");
  }

  @Test
  void aRepositoryWithoutAnOnnxGraphIsALoadErrorThatListsWhatItHas() throws IOException {
    Path folder = cache.resolveSibling(cache.getFileName() + "-src");
    Fixtures.copyTree(Fixtures.tinyModels().resolve("tiny-a"), folder);
    Files.move(folder.resolve("model.onnx"), folder.resolve("model_fp16.onnx"));
    hub.addRepo("acme/no-standard", folder);

    String message =
        assertThrows(
                ModelLoadException.class,
                () -> new HubSource(settings(hub, cache)).locate(ModelId.of("acme/no-standard")))
            .getMessage();

    assertTrue(message.contains("model_fp16.onnx"), message);
    assertTrue(message.contains("MODEL_CACHE_ONNX_VARIANT"), message);
  }

  @Test
  void registryNamesAreNotHubNames() {
    assertTrue(
        new HubSource(settings(hub, cache))
            .locate(ModelId.of("models:/tiny-classifier/1"))
            .isEmpty());
    assertEquals(0, hub.totalRequests());
  }
}
