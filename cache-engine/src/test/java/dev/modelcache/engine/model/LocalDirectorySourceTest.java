package dev.modelcache.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.InvalidModelNameException;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.inference.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A model folder with every kind of entry a real one collects: flat and {@code org/name} models,
 * the {@code onnx/model.onnx} layout, a model without {@code config.json}, and folders, files and
 * names that are not models.
 */
class LocalDirectorySourceTest {
  private static final Path MODELS = Paths.get(System.getProperty("modelcache.fixtures"), "models");

  @TempDir Path root;
  private LocalDirectorySource source;

  @BeforeEach
  void layOutModels() throws IOException {
    Fixtures.copyTree(MODELS.resolve("tiny-a"), root.resolve("plain"));
    Fixtures.copyTree(MODELS.resolve("tiny-c"), root.resolve("org/nested"));
    Fixtures.copyTree(MODELS.resolve("tiny-b"), root.resolve("org/onnx-layout"));
    Fixtures.copyTree(MODELS.resolve("tiny-d"), root.resolve("no-config"));
    Files.delete(root.resolve("no-config/config.json"));

    // Not models: a folder with everything but a graph, a file, a stray file in a namespace,
    // and model folders whose names are not valid model names.
    Fixtures.copyTree(MODELS.resolve("tiny-a"), root.resolve("not-a-model"));
    Files.delete(root.resolve("not-a-model/model.onnx"));
    Files.writeString(root.resolve("file-not-folder"), "just a file");
    Files.writeString(root.resolve("org/README.md"), "namespace notes");
    Fixtures.copyTree(MODELS.resolve("tiny-a"), root.resolve(".hidden"));
    Fixtures.copyTree(MODELS.resolve("tiny-a"), root.resolve("with space"));
    Files.createDirectories(root.resolve("empty"));

    source = new LocalDirectorySource(root);
  }

  @Test
  void availableListsExactlyTheModelsInSortedOrder() {
    List<String> names = source.available().stream().map(ModelId::toString).toList();

    assertEquals(List.of("no-config", "org/nested", "org/onnx-layout", "plain"), names);
  }

  @Test
  void availableIsInModelIdOrderWhenANamespaceSortsAfterASiblingName() throws IOException {
    // '-' sorts before '/', so "org-x" comes before "org/nested" as a ModelId.
    Fixtures.copyTree(MODELS.resolve("tiny-e"), root.resolve("org-x"));

    List<ModelId> available = source.available();

    assertEquals(available.stream().sorted().toList(), available);
  }

  @Test
  void locateFindsAFlatModelWithItsConfig() {
    ModelFiles files = source.locate(ModelId.of("plain")).orElseThrow();

    assertEquals(ModelId.of("plain"), files.id());
    assertEquals(root.resolve("plain").toAbsolutePath(), files.directory().toAbsolutePath());
    assertEquals(root.resolve("plain/model.onnx"), files.onnx());
    assertEquals(root.resolve("plain/tokenizer.json"), files.tokenizer());
    assertEquals(Optional.of(root.resolve("plain/config.json")), files.config());
    assertTrue(files.onnxBytes() > 0);
    assertEquals(
        files.onnxBytes() + sizeOf(root.resolve("plain/tokenizer.json")), files.bytesOnDisk());
  }

  @Test
  void locateFindsANamespacedModel() {
    ModelFiles files = source.locate(ModelId.of("org/nested")).orElseThrow();

    assertEquals(root.resolve("org/nested/model.onnx"), files.onnx());
    assertEquals(Optional.of(root.resolve("org/nested/config.json")), files.config());
  }

  @Test
  void locateFindsTheGraphInTheOnnxSubfolder() {
    ModelFiles files = source.locate(ModelId.of("org/onnx-layout")).orElseThrow();

    assertEquals(root.resolve("org/onnx-layout/onnx/model.onnx"), files.onnx());
    assertEquals(root.resolve("org/onnx-layout/tokenizer.json"), files.tokenizer());
    assertEquals(Optional.of(root.resolve("org/onnx-layout/config.json")), files.config());
  }

  @Test
  void locateFindsAFlatModelWithTheOnnxSubfolderLayout() throws IOException {
    Fixtures.copyTree(MODELS.resolve("tiny-b"), root.resolve("flat-onnx"));

    ModelFiles files = source.locate(ModelId.of("flat-onnx")).orElseThrow();

    assertEquals(root.resolve("flat-onnx/onnx/model.onnx"), files.onnx());
    assertEquals(root.resolve("flat-onnx/tokenizer.json"), files.tokenizer());
    assertTrue(source.available().contains(ModelId.of("flat-onnx")));
  }

  @Test
  void theOnnxSubfolderOfAFlatModelIsNotListedAsAModelOfItsOwn() throws IOException {
    Fixtures.copyTree(MODELS.resolve("tiny-b"), root.resolve("flat-onnx"));

    List<String> names = source.available().stream().map(ModelId::toString).toList();

    assertEquals(
        List.of("flat-onnx", "no-config", "org/nested", "org/onnx-layout", "plain"), names);
  }

  @Test
  void locateReportsAMissingConfigAsEmpty() {
    ModelFiles files = source.locate(ModelId.of("no-config")).orElseThrow();

    assertEquals(Optional.empty(), files.config());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not-a-model",
        "file-not-folder",
        "org",
        "org/README.md",
        "empty",
        "absent",
        "org/absent",
        "plain/model.onnx"
      })
  void locateIsEmptyForWhatIsNotAModel(String name) {
    assertEquals(Optional.empty(), source.locate(ModelId.of(name)));
  }

  @Test
  void aRevisionIsNeverFoundLocally() {
    assertTrue(source.locate(ModelId.of("plain")).isPresent());

    assertEquals(Optional.empty(), source.locate(ModelId.of("plain@main")));
    assertEquals(Optional.empty(), source.locate(ModelId.of("org/nested@v1.2")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..",
        "../plain",
        "org/..",
        "org/../plain",
        "/etc/passwd",
        "..\\plain",
        "./plain",
        ".hidden",
        "org/nested/../../.."
      })
  void namesThatCouldLeaveTheRootNeverReachIt(String name) {
    // The source takes only ModelIds, so these are refused before any path is built.
    assertThrows(InvalidModelNameException.class, () -> ModelId.of(name));
  }

  @Test
  void aModelOutsideTheRootIsNotFoundByName(@TempDir Path elsewhere) throws IOException {
    Fixtures.copyTree(MODELS.resolve("tiny-a"), elsewhere.resolve("outside"));

    assertEquals(Optional.empty(), source.locate(ModelId.of("outside")));
    assertEquals(Optional.empty(), source.locate(ModelId.of(elsewhere.getFileName().toString())));
  }

  @Test
  void aSymlinkPlacedInTheRootIsFollowed(@TempDir Path elsewhere) throws IOException {
    // Deliberate: an operator (or the Hugging Face cache layout) may link models in. Names are
    // validated, so only a link someone put inside the root can lead outside it.
    Fixtures.copyTree(MODELS.resolve("tiny-a"), elsewhere.resolve("shared-model"));
    Files.createSymbolicLink(root.resolve("linked"), elsewhere.resolve("shared-model"));

    ModelFiles files = source.locate(ModelId.of("linked")).orElseThrow();

    assertEquals(root.resolve("linked/model.onnx"), files.onnx());
    assertTrue(source.available().contains(ModelId.of("linked")));
  }

  @Test
  void modelsCopiedInLaterAreSeen() throws IOException {
    assertEquals(Optional.empty(), source.locate(ModelId.of("late")));

    Fixtures.copyTree(MODELS.resolve("tiny-d"), root.resolve("late"));

    assertTrue(source.locate(ModelId.of("late")).isPresent());
    assertTrue(source.available().contains(ModelId.of("late")));
  }

  @Test
  void aMissingRootHasNoModels() {
    LocalDirectorySource missing = new LocalDirectorySource(root.resolve("does-not-exist"));

    assertEquals(List.of(), missing.available());
    assertEquals(Optional.empty(), missing.locate(ModelId.of("plain")));
  }

  @Test
  void describeNamesTheAbsoluteRoot() {
    assertEquals("local:" + root.toAbsolutePath().normalize(), source.describe());
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
