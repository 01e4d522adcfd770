package dev.modelcache.engine.model.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.model.ModelFiles;
import dev.modelcache.engine.model.fake.FakeHub;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Hub-compatible server that lists files without {@code blobId} (it ignores {@code blobs=true}):
 * as {@code huggingface_hub} does, each chosen file's blob id and size come from the headers of a
 * {@code HEAD} for it, and the download is verified against them. Files with unsafe paths are still
 * never fetched, and a load error names them and why.
 */
class ServerWithoutBlobIdsTest {
  private static final String REPO = "acme/no-blob-ids";

  @TempDir Path cache;
  private FakeHub hub;

  @BeforeEach
  void startHub() throws IOException {
    hub = FakeHub.start();
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  private HubSource source() {
    return new HubSource(HubDownloadTest.settings(hub, cache));
  }

  @Test
  void eachFilesBlobIdComesFromItsHeadersAndTheDownloadIsVerified() throws IOException {
    String commit =
        hub.addRepo(
            REPO,
            Fixtures.tinyModels().resolve("tiny-a"),
            Map.of("pytorch_model.bin", new byte[] {1, 2, 3}),
            Optional.empty());
    hub.omitBlobIds(REPO);

    ModelFiles files = source().locate(ModelId.of(REPO)).orElseThrow();

    Path snapshot = cache.resolve("models--acme--no-blob-ids/snapshots").resolve(commit);
    assertEquals(snapshot, files.directory());
    assertEquals(
        Path.of("../../blobs/" + hub.sha256Of(REPO, "model.onnx")),
        Files.readSymbolicLink(snapshot.resolve("model.onnx")),
        "an LFS file's blob id is its X-Linked-Etag, the SHA-256");
    assertEquals(
        Path.of("../../blobs/" + FakeHub.gitSha1(hub.files(REPO).get("tokenizer.json"))),
        Files.readSymbolicLink(snapshot.resolve("tokenizer.json")),
        "a git file's blob id is its ETag, the git blob SHA-1");
    assertArrayEquals(
        Files.readAllBytes(Fixtures.tinyModels().resolve("tiny-a/model.onnx")),
        Files.readAllBytes(files.onnx()));
    assertEquals(1, hub.headRequests(REPO, "model.onnx"));
    assertEquals(1, hub.headRequests(REPO, "tokenizer.json"));
    assertEquals(0, hub.fileRequests(REPO, "pytorch_model.bin"), "weights are never asked for");
  }

  @Test
  void aServerThatListsBlobIdsIsNotAskedForHeaders() throws IOException {
    hub.addRepo(REPO, Fixtures.tinyModels().resolve("tiny-a"));

    source().locate(ModelId.of(REPO)).orElseThrow();

    assertEquals(0, hub.headRequests(REPO, "model.onnx"));
    assertEquals(0, hub.headRequests(REPO, "tokenizer.json"));
  }

  @Test
  void aGraphAtAnUnsafePathIsSkippedAndTheErrorSaysWhichAndWhy() throws IOException {
    Path folder = Files.createTempDirectory(cache, "src");
    Files.copy(
        Fixtures.tinyModels().resolve("tiny-a/tokenizer.json"), folder.resolve("tokenizer.json"));
    byte[] graph = Files.readAllBytes(Fixtures.tinyModels().resolve("tiny-a/model.onnx"));
    hub.addRepo(
        REPO, folder, Map.of("../model.onnx", graph, "onnx/mod el.onnx", graph), Optional.empty());
    hub.omitBlobIds(REPO);

    String message =
        assertThrows(ModelLoadException.class, () -> source().locate(ModelId.of(REPO)))
            .getMessage();

    assertTrue(message.contains("its .onnx files: none"), message);
    assertTrue(message.contains("../model.onnx (unsafe path)"), message);
    assertTrue(message.contains("onnx/mod el.onnx (unsafe path)"), message);
    assertEquals(0, hub.fileRequests(REPO, "../model.onnx"));
    assertEquals(0, hub.fileRequests(REPO, "tokenizer.json"), "nothing is fetched");
  }
}
