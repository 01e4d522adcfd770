package dev.modelcache.engine.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ErrorKind;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.OnnxModelLoader;
import dev.modelcache.engine.model.LocalDirectorySource;
import dev.modelcache.engine.model.ModelFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifest check on the real tiny fixtures: tiny-a keeps its graph at {@code model.onnx},
 * tiny-b at {@code onnx/model.onnx}. Manifests are written by the committed {@code
 * tools/models/write-manifest.sh} (GNU {@code sha256sum}), so the check is tested against the tool
 * operators use, not against itself.
 */
class ModelIntegrityTest {
  private static final ModelId A = ModelId.of("tiny-a");
  private static final ModelId B = ModelId.of("tiny-b");

  @TempDir Path root;

  @BeforeEach
  void copyFixtures() throws IOException {
    Fixtures.copyTree(Fixtures.tinyModels().resolve("tiny-a"), root.resolve("tiny-a"));
    Fixtures.copyTree(Fixtures.tinyModels().resolve("tiny-b"), root.resolve("tiny-b"));
  }

  @Test
  void sha256MatchesTheStandardTestVector() throws IOException {
    Path abc = Files.writeString(root.resolve("abc"), "abc", StandardCharsets.US_ASCII);

    assertEquals(
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.of(abc));
  }

  @Test
  void aFolderWithoutAManifestLoadsUncheckedByDefaultAndIsRefusedWhenOneIsRequired() {
    ModelIntegrity.checkIfPresent().verify(files(A));

    ModelLoadException e =
        assertThrows(
            ModelLoadException.class, () -> ModelIntegrity.requireManifest().verify(files(A)));

    assertEquals(ErrorKind.MODEL_LOAD_FAILED, e.kind());
    assertEquals(
        "model 'tiny-a' could not be loaded: SHA256SUMS: the model folder has no SHA256SUMS and"
            + " MODEL_CACHE_REQUIRE_MANIFEST is true (tools/models/write-manifest.sh writes one)",
        e.getMessage());
  }

  @Test
  void matchingFoldersLoadAndPredictWhenAManifestIsRequired() throws Exception {
    writeManifest(A);
    writeManifest(B);
    assertEquals(
        List.of("config.json", "onnx/model.onnx", "reference.json", "tokenizer.json"),
        Manifest.parse(Files.readAllLines(root.resolve("tiny-b/SHA256SUMS"))).paths());

    OnnxModelLoader loader = loader(ModelIntegrity.requireManifest());
    for (ModelId id : List.of(A, B)) {
      try (LoadedModel model = loader.load(id)) {
        assertInstanceOf(Classification.class, model.predict(List.of("fine")).get(0));
      }
    }
  }

  @Test
  void aChangedGraphIsRefusedNamingTheFileAndBothDigests() throws Exception {
    writeManifest(B);
    Path graph = root.resolve("tiny-b/onnx/model.onnx");
    String listed = Sha256.of(graph);
    byte[] bytes = Files.readAllBytes(graph);
    bytes[bytes.length / 2] ^= 0x01; // one bit, in the weights: ONNX Runtime would load it
    Files.write(graph, bytes);
    String actual = Sha256.of(graph);

    ModelLoadException e = refused(B);

    assertEquals(
        "model 'tiny-b' could not be loaded: SHA256SUMS: onnx/model.onnx has sha256 "
            + actual.substring(0, 12)
            + "..., the manifest says "
            + listed.substring(0, 12)
            + "...",
        e.getMessage());
  }

  @Test
  void theCheckRunsBeforeAnyFileIsParsed() throws Exception {
    writeManifest(A);
    Files.writeString(root.resolve("tiny-a/config.json"), "{\"architectures\": [");

    ModelLoadException e = refused(A);

    assertTrue(e.getMessage().contains("SHA256SUMS: config.json has sha256 "), e.getMessage());
  }

  @Test
  void anUnlistedFileIsRefusedSinceOnnxRuntimeMayReadItAsExternalData() throws Exception {
    writeManifest(B);
    Files.write(root.resolve("tiny-b/onnx/model.onnx_data"), new byte[] {1, 2, 3});

    ModelLoadException e = refused(B);

    assertTrue(
        e.getMessage()
            .contains("SHA256SUMS: onnx/model.onnx_data is not listed; every file in the model"),
        e.getMessage());
  }

  @Test
  void aListedFileThatIsMissingIsRefused() throws Exception {
    writeManifest(A);
    Files.delete(root.resolve("tiny-a/tokenizer.json"));

    ModelLoadException e = refused(A);

    assertTrue(
        e.getMessage()
            .endsWith("SHA256SUMS: tokenizer.json is listed but is not in the model" + " folder"),
        e.getMessage());
  }

  @Test
  void aManifestPointingOutsideTheFolderIsRefusedBeforeAnythingIsRead() throws Exception {
    writeManifest(A);
    Path manifest = root.resolve("tiny-a/SHA256SUMS");
    String other = Sha256.of(root.resolve("tiny-b/config.json"));
    Files.writeString(
        manifest,
        Files.readString(manifest) + other + "  ../tiny-b/config.json\n",
        StandardCharsets.UTF_8);

    ModelLoadException e = refused(A);

    assertTrue(
        e.getMessage()
            .endsWith("SHA256SUMS: line 5: ../tiny-b/config.json is outside the model" + " folder"),
        e.getMessage());
  }

  @Test
  void filesLinkedFromOutsideTheFolderAreCheckedThroughTheLink() throws Exception {
    // The Hugging Face cache layout: a snapshot folder of links into a shared blobs/ folder.
    Path blobs = Files.createDirectories(root.resolve("blobs"));
    Path snapshot = Files.createDirectories(root.resolve("linked"));
    for (String name : List.of("model.onnx", "tokenizer.json", "config.json")) {
      Path blob = Files.move(root.resolve("tiny-a").resolve(name), blobs.resolve(name + ".blob"));
      Files.createSymbolicLink(snapshot.resolve(name), blob);
    }
    writeManifest(ModelId.of("linked"));
    OnnxModelLoader loader = loader(ModelIntegrity.requireManifest());
    try (LoadedModel model = loader.load(ModelId.of("linked"))) {
      assertEquals(1, model.predict(List.of("linked")).size());
    }

    Files.writeString(blobs.resolve("tokenizer.json.blob"), "{}");

    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> loader.load(ModelId.of("linked")));
    assertTrue(e.getMessage().contains("SHA256SUMS: tokenizer.json has sha256 "), e.getMessage());
  }

  private ModelLoadException refused(ModelId id) {
    for (ModelIntegrity integrity :
        List.of(ModelIntegrity.checkIfPresent(), ModelIntegrity.requireManifest())) {
      assertThrows(ModelLoadException.class, () -> integrity.verify(files(id)));
    }
    ModelLoadException e =
        assertThrows(
            ModelLoadException.class, () -> loader(ModelIntegrity.checkIfPresent()).load(id));
    assertEquals(ErrorKind.MODEL_LOAD_FAILED, e.kind());
    assertEquals(id, e.model());
    return e;
  }

  private ModelFiles files(ModelId id) {
    return new LocalDirectorySource(root).locate(id).orElseThrow();
  }

  private OnnxModelLoader loader(ModelIntegrity integrity) {
    return new OnnxModelLoader(
        new LocalDirectorySource(root), InferenceOptions.DEFAULTS.withBatchSize(2), integrity);
  }

  /** Runs tools/models/write-manifest.sh on a model folder. */
  private void writeManifest(ModelId id) throws IOException, InterruptedException {
    Path script = Fixtures.root().resolveSibling("tools/models/write-manifest.sh");
    Process process =
        new ProcessBuilder("bash", script.toString(), root.resolve(id.name()).toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "write-manifest.sh did not finish");
    assertEquals(0, process.exitValue(), output);
  }
}
