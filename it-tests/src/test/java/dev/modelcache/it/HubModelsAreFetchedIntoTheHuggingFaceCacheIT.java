package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.engine.model.fake.FakeHub;
import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import dev.modelcache.it.support.TreeListing;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Models named by their Hugging Face id are fetched from a Hub on loopback ({@link FakeHub}: the
 * Hub's documented routes, its redirect of LFS files to a CDN host and its ETag headers) into the
 * {@code huggingface_hub} cache layout, then predicted, preloaded and counted under that id. The
 * repositories hold the spam detector laid out as Xenova's exports are ({@code onnx/model.onnx}),
 * with PyTorch and safetensors weights beside it that must never be fetched. A server that lists
 * files without {@code blobId} is read as {@code huggingface_hub} reads it (each file's blob id
 * from its headers); a graph at an unsafe path is never fetched.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HubModelsAreFetchedIntoTheHuggingFaceCacheIT {
  private static final String SPAM = "acme-hub/spam-filter";
  private static final String TINY = "acme-hub/tiny-classifier";
  private static final String NO_BLOB_IDS = "acme-hub/listed-without-blob-ids";
  private static final String UNSAFE = "acme-hub/graph-at-an-unsafe-path";
  private static final String SPAM_TEXT = "WIN a FREE cruise!!! Click here to claim your prize";

  private static FakeHub hub;
  private static Path cache;
  private static String spamCommit;

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() throws IOException {
    Path repository = ServiceDeployment.modelRepository();
    cache = repository.resolveSibling("hf-cache-" + ProcessHandle.current().pid());
    hub = FakeHub.start();
    spamCommit =
        hub.addRepo(
            SPAM, xenovaLayout(repository.resolve("spam-detector")), weights(), Optional.empty());
    hub.addRepo(TINY, repository.resolve("tiny-a"));
    hub.addRepo(NO_BLOB_IDS, repository.resolve("tiny-b"));
    hub.omitBlobIds(NO_BLOB_IDS);
    hub.addRepo(
        UNSAFE,
        tokenizerOnly(repository.resolve("tiny-a")),
        Map.of("../model.onnx", Files.readAllBytes(repository.resolve("tiny-a/model.onnx"))),
        Optional.empty());
    hub.omitBlobIds(UNSAFE);
    return ServiceDeployment.with(
        Map.of("HF_ENDPOINT", hub.endpoint().toString(), "HF_HUB_CACHE", cache.toString()));
  }

  @AfterAll
  static void stopHub() {
    hub.close();
  }

  @Test
  @Order(1)
  void aHubIdWithARevisionIsFetchedAndPredicted() {
    JsonObject answer =
        ServiceClient.at(base).post("predict", predictBody(SPAM_TEXT, SPAM + "@main")).ok();

    assertEquals("SPAM", answer.getString("prediction"), answer::toString);
    assertEquals(SPAM + "@main", answer.getString("model_name"));
    assertFalse(answer.getBoolean("cached"), answer::toString);
  }

  @Test
  @Order(2)
  void theCacheHasHuggingFaceHubsLayoutAndNoWeightsOrPartialFiles() throws IOException {
    Path repo = cache.resolve("models--acme-hub--spam-filter");
    List<String> listing = TreeListing.of(cache);
    System.out.println("HF cache after the download (" + cache.getFileName() + "):");
    listing.forEach(line -> System.out.println("  " + line));

    assertEquals(
        spamCommit, Files.readString(repo.resolve("refs/main"), StandardCharsets.US_ASCII).trim());
    Path graph = repo.resolve("snapshots").resolve(spamCommit).resolve("onnx/model.onnx");
    assertTrue(Files.isSymbolicLink(graph), graph + " should link into blobs/");
    String target = Files.readSymbolicLink(graph).toString();
    assertEquals("../../../blobs/" + hub.sha256Of(SPAM, "onnx/model.onnx"), target);
    assertTrue(
        Files.isRegularFile(
            repo.resolve("snapshots").resolve(spamCommit).resolve("tokenizer.json")));
    for (String line : listing) {
      assertFalse(line.endsWith(".incomplete"), "partial file left: " + line);
      assertFalse(
          line.contains("safetensors") || line.contains(".bin"), "weights fetched: " + line);
    }
    assertEquals(0, hub.fileRequests(SPAM, "model.safetensors"));
    assertEquals(0, hub.fileRequests(SPAM, "pytorch_model.bin"));
  }

  @Test
  @Order(3)
  void aHubIdWithASlashIsPreloadedThroughItsPath() {
    ServiceClient service = ServiceClient.at(base);

    JsonObject first = service.post("models/" + TINY + "/preload").ok();
    JsonObject second = service.post("models/" + TINY + "/preload").ok();

    assertEquals("loaded", first.getString("status"), first::toString);
    assertEquals(TINY, first.getString("model_name"));
    assertEquals("already_loaded", second.getString("status"), second::toString);
    assertEquals(1, hub.infoRequests(TINY), "one model-info request for two preloads");
  }

  @Test
  @Order(4)
  void statsCountTheHubModelsUnderTheirIds() {
    JsonObject stats = ServiceClient.at(base).get("stats").ok();

    List<String> names =
        stats.getJsonArray("models").getValuesAs(JsonObject.class).stream()
            .map(m -> m.getString("model_name"))
            .toList();
    assertTrue(names.contains(SPAM + "@main"), stats::toString);
    assertTrue(names.contains(TINY), stats::toString);
  }

  @Test
  @Order(5)
  void anIdTheHubDoesNotHaveIsNotFoundAndTheHubIsAskedOnceForManyRequests() {
    ServiceClient service = ServiceClient.at(base);
    String missing = "acme-hub/no-such-model";
    for (int i = 0; i < 5; i++) {
      String message =
          service.post("predict", predictBody("hello " + i, missing)).error(404, "model_not_found");
      assertTrue(message.contains(missing), message);
    }
    service
        .post(
            "predict/batch",
            Json.createObjectBuilder()
                .add("texts", Json.createArrayBuilder().add("a").add("b"))
                .add("model_name", missing)
                .build())
        .error(404, "model_not_found");

    // MODEL_CACHE_SOURCE_MISS_TTL_S (30 s by default): the miss is remembered.
    assertEquals(1, hub.infoRequests(missing), "model-info requests for 6 requests");
    String metrics = service.getAs(MediaType.TEXT_PLAIN, "metrics").body();
    assertTrue(
        metrics.lines().anyMatch("model_cache_source_misses_remembered_total 5"::equals), metrics);
  }

  @Test
  @Order(6)
  void anUploadedModelIsPreloadedAtOnceThoughItsMissIsRemembered() throws IOException {
    ServiceClient service = ServiceClient.at(base);
    String uploaded = "acme-hub/no-such-model";
    hub.addRepo(uploaded, ServiceDeployment.modelRepository().resolve("tiny-a"));

    JsonObject preload = service.post("models/" + uploaded + "/preload").ok();
    JsonObject answer = service.post("predict", predictBody("hello", uploaded)).ok();

    assertEquals("loaded", preload.getString("status"), preload::toString);
    assertEquals(2, hub.infoRequests(uploaded), "the preload asked the Hub again");
    assertTrue(answer.getBoolean("cached"), answer::toString);
  }

  @Test
  @Order(7)
  void aServerThatListsNoBlobIdsIsFetchedWithEachFilesHeaders() {
    JsonObject answer =
        ServiceClient.at(base).post("predict", predictBody("hello", NO_BLOB_IDS)).ok();

    assertFalse(answer.getString("prediction").isEmpty(), answer::toString);
    // tiny-b's graph is onnx/model.onnx, an LFS file: its blob id from the HEAD's X-Linked-Etag.
    assertEquals(1, hub.headRequests(NO_BLOB_IDS, "onnx/model.onnx"), "its blob id from a HEAD");
    assertEquals(1, hub.headRequests(NO_BLOB_IDS, "tokenizer.json"));
    assertEquals(1, hub.cdnRequests(NO_BLOB_IDS, "onnx/model.onnx"));
    Path snapshot =
        cache.resolve("models--acme-hub--listed-without-blob-ids/snapshots").toAbsolutePath();
    assertTrue(Files.isDirectory(snapshot), snapshot::toString);
  }

  @Test
  @Order(8)
  void aGraphAtAnUnsafePathIsNeverFetchedAndTheErrorSaysWhichAndWhy() {
    String message =
        ServiceClient.at(base)
            .post("predict", predictBody("hello", UNSAFE))
            .error(503, "model_load_failed");

    assertTrue(message.contains("its .onnx files: none"), message);
    assertTrue(message.contains("../model.onnx (unsafe path)"), message);
    assertEquals(0, hub.fileRequests(UNSAFE, "../model.onnx"));
  }

  /** A folder with only the model's tokenizer. */
  private static Path tokenizerOnly(Path model) {
    try {
      Path folder = Files.createTempDirectory("tokenizer-only");
      Files.copy(model.resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The model folder as Xenova's exports lay it out: the graph under onnx/. */
  private static Path xenovaLayout(Path model) {
    try {
      Path folder = Files.createTempDirectory("xenova-layout");
      Files.createDirectories(folder.resolve("onnx"));
      Files.copy(model.resolve("model.onnx"), folder.resolve("onnx/model.onnx"));
      Files.copy(model.resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
      Files.copy(model.resolve("config.json"), folder.resolve("config.json"));
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Weights a Hub repository carries beside the ONNX export; the service must not fetch them. */
  private static Map<String, byte[]> weights() {
    return Map.of(
        "model.safetensors", new byte[4096],
        "pytorch_model.bin", new byte[4096]);
  }
}
