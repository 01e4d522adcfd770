package dev.modelcache.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.inference.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model's files identity changes whenever its files change, and only then. */
class ModelFilesIdentityTest {
  private static final Path MODELS = Paths.get(System.getProperty("modelcache.fixtures"), "models");
  private static final ModelId ID = ModelId.of("m");

  @TempDir Path root;

  private String identity(Path dir) {
    return ModelFiles.in(ID, dir).orElseThrow().identity();
  }

  @Test
  void sameFilesSameIdentityAndAChangedGraphOrConfigAnother() throws IOException {
    Path a = root.resolve("a");
    Fixtures.copyTree(MODELS.resolve("tiny-a"), a);
    String first = identity(a);
    assertEquals(first, identity(a));
    assertEquals(16, first.length());

    Path onnx = ModelFiles.in(ID, a).orElseThrow().onnx();
    Files.setLastModifiedTime(
        onnx, FileTime.fromMillis(Files.getLastModifiedTime(onnx).toMillis() + 1000));
    String touched = identity(a);
    assertNotEquals(first, touched);

    Path config = a.resolve("config.json");
    Files.writeString(config, Files.readString(config) + " ");
    assertNotEquals(touched, identity(a));
  }

  @Test
  void withAManifestTheIdentityIsItsContentsWhereverTheCopyLies() throws IOException {
    Path a = root.resolve("a");
    Path b = root.resolve("b");
    Fixtures.copyTree(MODELS.resolve("tiny-a"), a);
    Fixtures.copyTree(MODELS.resolve("tiny-a"), b);
    Files.writeString(a.resolve("SHA256SUMS"), "0123  model.onnx\n");
    Files.writeString(b.resolve("SHA256SUMS"), "0123  model.onnx\n");
    Path onnx = ModelFiles.in(ID, b).orElseThrow().onnx();
    Files.setLastModifiedTime(onnx, FileTime.fromMillis(12345));
    assertEquals(identity(a), identity(b));
    Files.writeString(b.resolve("SHA256SUMS"), "4567  model.onnx\n");
    assertNotEquals(identity(a), identity(b));
  }
}
