package dev.modelcache.engine.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.model.HuggingFaceCacheSource;
import dev.modelcache.engine.model.ModelFiles;
import dev.modelcache.engine.model.SamePredictions;
import dev.modelcache.engine.model.download.Hashes;
import dev.modelcache.engine.model.fake.FakeHub;
import dev.modelcache.engine.model.fake.Stall;
import dev.modelcache.engine.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kill: a child JVM downloads from a Hub that stalls half-way through the ONNX file, and is
 * killed there ({@code destroyForcibly}, SIGKILL). Nothing it left may be loaded; the next run
 * resumes the partial blob, verifies it, and the model predicts as the fixture does.
 */
class KilledDownloadTest {
  private static final String REPO = "acme/killed";
  private static final String ONNX = "model.onnx";

  @TempDir Path cache;
  @TempDir Path logs;
  private FakeHub hub;
  private long onnxSize;

  @BeforeEach
  void startHub() throws IOException {
    hub = FakeHub.start();
    hub.addRepo(REPO, Fixtures.tinyModels().resolve("tiny-a"));
    onnxSize = Files.size(Fixtures.tinyModels().resolve("tiny-a/model.onnx"));
  }

  @AfterEach
  void stopHub() {
    hub.close();
  }

  @Test
  void aDownloadKilledMidFileLeavesNothingLoadableAndTheNextRunFinishesIt() throws Exception {
    long half = onnxSize / 2;
    Stall stall = hub.faults().stall(REPO + "/" + ONNX, half);
    Path partial = blobs().resolve(hub.sha256Of(REPO, ONNX) + ".incomplete");

    Process child = startChild();
    try {
      assertTrue(stall.awaitReached(Duration.ofSeconds(60)), "the child never reached the stall");
      Await.until(
          "the child wrote half the file", Duration.ofSeconds(30), () -> size(partial) == half);
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    }
    assertFalse(Files.readString(logs.resolve("child.log")).contains("downloaded"));

    // What the killed process left: half a blob under its temporary name, and nothing else usable.
    assertEquals(half, size(partial));
    assertEquals(List.of(partial.getFileName().toString()), onnxBlobs());
    assertFalse(Files.exists(cache.resolve("models--acme--killed/refs/main")));
    assertTrue(new HuggingFaceCacheSource(cache).locate(ModelId.of(REPO)).isEmpty());
    HubSettings settings = HubDownloadTest.settings(hub, cache);
    assertTrue(new HubSource(settings.withOffline(true)).locate(ModelId.of(REPO)).isEmpty());

    hub.faults().clear(REPO + "/" + ONNX);
    HubSource source = new HubSource(settings);
    ModelFiles files = source.locate(ModelId.of(REPO)).orElseThrow();

    assertEquals(1, hub.rangeRequests(REPO, ONNX));
    assertEquals(half, hub.rangeOffsets(REPO, ONNX), "the restart resumed where the kill struck");
    assertEquals(hub.sha256Of(REPO, ONNX), Hashes.sha256Of(files.onnx()));
    assertEquals(List.of(hub.sha256Of(REPO, ONNX)), onnxBlobs());
    SamePredictions.assertSameAsFixture(source, ModelId.of(REPO), "tiny-a");
  }

  private Process startChild() throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            DownloadInChild.class.getName(),
            hub.endpoint().toString(),
            cache.toString(),
            REPO)
        .redirectErrorStream(true)
        .redirectOutput(logs.resolve("child.log").toFile())
        .start();
  }

  private Path blobs() {
    return cache.resolve("models--acme--killed/blobs");
  }

  /** Names in blobs/ that belong to the ONNX file (its etag, finished or not). */
  private List<String> onnxBlobs() throws IOException {
    String sha = hub.sha256Of(REPO, ONNX);
    try (Stream<Path> files = Files.list(blobs())) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(sha)).toList();
    }
  }

  private static long size(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.size(file) : -1;
    } catch (IOException e) {
      return -1;
    }
  }
}
