package dev.modelcache.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.inference.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache laid out as huggingface_hub writes it: blobs, refs and snapshots of symlinks. */
class HuggingFaceCacheSourceTest {
  private static final String MAIN = "0123456789abcdef0123456789abcdef01234567";
  private static final String OLD = "89abcdef0123456789abcdef0123456789abcdef";

  @TempDir Path root;
  private HuggingFaceCacheSource source;

  @BeforeEach
  void layOut() throws IOException {
    Path repo = root.resolve("models--acme--tiny");
    snapshot(repo, MAIN, "tiny-a");
    snapshot(repo, OLD, "tiny-c");
    ref(repo, "main", MAIN);
    ref(repo, "v1", OLD);
    Path plain = root.resolve("models--solo");
    snapshot(plain, MAIN, "tiny-d");
    ref(plain, "main", MAIN);
    Files.createDirectories(root.resolve("models--broken--ref/refs"));
    Files.writeString(root.resolve("models--broken--ref/refs/main"), "not-a-commit");
    Files.createDirectories(root.resolve("datasets--acme--data"));
    source = new HuggingFaceCacheSource(root);
  }

  @Test
  void aNameWithoutRevisionReadsTheSnapshotThatMainPointsTo() {
    ModelFiles files = source.locate(ModelId.of("acme/tiny")).orElseThrow();

    assertEquals(root.resolve("models--acme--tiny/snapshots/" + MAIN), files.directory());
    assertTrue(
        Files.isSymbolicLink(files.onnx()), "files are links into blobs/, as Python writes them");
    assertTrue(files.onnxBytes() > 0);
  }

  @Test
  void aRevisionMayBeABranchOrACommit() {
    assertEquals(
        root.resolve("models--acme--tiny/snapshots/" + OLD),
        source.locate(ModelId.of("acme/tiny@v1")).orElseThrow().directory());
    assertEquals(
        root.resolve("models--acme--tiny/snapshots/" + OLD),
        source.locate(ModelId.of("acme/tiny@" + OLD)).orElseThrow().directory());
    assertTrue(source.locate(ModelId.of("acme/tiny@no-such-branch")).isEmpty());
  }

  @Test
  void availableListsModelsWithAUsableMainSnapshotOnly() {
    assertEquals(List.of(ModelId.of("acme/tiny"), ModelId.of("solo")), source.available());
    assertTrue(source.locate(ModelId.of("broken/ref")).isEmpty());
    assertTrue(source.locate(ModelId.of("acme/absent")).isEmpty());
  }

  /** Copies a fixture model into blobs/ named by content and links it from the snapshot. */
  private static void snapshot(Path repo, String commit, String fixture) throws IOException {
    Path snapshot = Files.createDirectories(repo.resolve("snapshots").resolve(commit));
    Path blobs = Files.createDirectories(repo.resolve("blobs"));
    Path model = Fixtures.tinyModels().resolve(fixture);
    try (Stream<Path> files = Files.list(model)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Path blob = blobs.resolve(commit.substring(0, 8) + "-" + file.getFileName());
        Files.copy(file, blob);
        Files.createSymbolicLink(snapshot.resolve(file.getFileName()), snapshot.relativize(blob));
      }
    }
  }

  private static void ref(Path repo, String name, String commit) throws IOException {
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs").resolve(name), commit, StandardCharsets.US_ASCII);
  }
}
