package dev.modelcache.engine.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.CacheConfig;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Embedding;
import dev.modelcache.engine.inference.EncodedText;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.OnnxModelLoader;
import dev.modelcache.engine.model.LocalDirectorySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Batch invariance of the float32 models (the tiny BERTs, every model family of {@code
 * fixtures/families}, the spam detector and MiniLM), the property dynamic batching relies on: each
 * text's result alone equals its result inside mixed, padded batches (run directly and through the
 * batcher with concurrent requests) within 1e-5. Prints the worst difference per model.
 */
class FloatModelsAreBatchInvariantTest {
  private static final double TOLERANCE = 1e-5;
  private static final String MINILM = "sentence-transformers/all-MiniLM-L6-v2";
  private static final List<String> EXTRA =
      List.of(
          "ok",
          "WIN a FREE cruise!!! Click here to claim your prize",
          "The nightly build failed again; I attached the log.",
          "Hi",
          "The cat sits on the mat.");

  static List<Arguments> models() {
    List<Arguments> models = new ArrayList<>();
    for (String tiny : List.of("tiny-a", "tiny-b", "tiny-c", "tiny-d", "tiny-e", "tiny-embed")) {
      models.add(Arguments.of(Fixtures.tinyModels(), tiny));
    }
    Path families = Fixtures.root().resolve("families");
    try (java.util.stream.Stream<Path> folders = Files.list(families)) {
      folders
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("enc-"))
          .sorted()
          .forEach(n -> models.add(Arguments.of(families, n)));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    models.add(Arguments.of(Fixtures.defaultModels(), "spam-detector"));
    models.add(Arguments.of(Fixtures.defaultModels(), MINILM));
    return models;
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("models")
  void aTextsResultIsTheSameAloneAndInsideAnyBatch(Path root, String name) throws Exception {
    // Never skipped: the build unpacks MiniLM into the model repository before the tests run.
    assertTrue(
        Files.isDirectory(root.resolve(name)),
        name
            + " is not in "
            + root
            + "; the build puts it there (./mvnw -pl cache-engine process-test-resources)");
    ModelId id = ModelId.of(name);
    List<String> texts = texts(root, name);
    InferenceOptions options = InferenceOptions.DEFAULTS.withWarmupTokens(16);
    try (ModelCache cache =
        new ModelCache(
            new OnnxModelLoader(new LocalDirectorySource(root), options),
            CacheConfig.builder().maxMemoryMb(4096).build())) {
      List<float[]> alone = new ArrayList<>();
      try (ModelLease lease = cache.acquire(id)) {
        for (String text : texts) {
          alone.add(raw(lease.run(lease.encode(List.of(text))).get(0)));
        }
      }
      double worstDirect = 0;
      double worstBatcher = 0;
      for (int size : new int[] {2, 5, texts.size()}) {
        List<Integer> order = shuffled(texts.size(), size);
        worstDirect = Math.max(worstDirect, direct(cache, id, texts, order, size, alone));
        worstBatcher = Math.max(worstBatcher, batched(cache, id, texts, order, size, alone));
      }
      System.out.printf(
          "%s: max |alone - in batch| over %d texts: direct padded batches %.2e, through the"
              + " batcher %.2e%n",
          name, texts.size(), worstDirect, worstBatcher);
      assertTrue(worstDirect <= TOLERANCE, name + " direct: " + worstDirect);
      assertTrue(worstBatcher <= TOLERANCE, name + " batcher: " + worstBatcher);
    }
  }

  /** Runs each chunk of {@code size} texts (in shuffled order) as one padded batch. */
  private static double direct(
      ModelCache cache,
      ModelId id,
      List<String> texts,
      List<Integer> order,
      int size,
      List<float[]> alone) {
    double worst = 0;
    try (ModelLease lease = cache.acquire(id)) {
      for (int start = 0; start < order.size(); start += size) {
        List<Integer> chunk = order.subList(start, Math.min(order.size(), start + size));
        List<EncodedText> batch = new ArrayList<>();
        for (int i : chunk) {
          batch.add(lease.encode(List.of(texts.get(i))).get(0));
        }
        List<Inference> results = lease.run(batch);
        for (int k = 0; k < chunk.size(); k++) {
          worst = Math.max(worst, maxDiff(alone.get(chunk.get(k)), raw(results.get(k))));
        }
      }
    }
    return worst;
  }

  /**
   * Submits the texts as concurrent one-text requests, {@code size} at a time, to a batcher that
   * starts a batch only when {@code size} texts are queued: each round is one batch of requests.
   */
  private static double batched(
      ModelCache cache,
      ModelId id,
      List<String> texts,
      List<Integer> order,
      int size,
      List<float[]> alone)
      throws Exception {
    double worst = 0;
    ExecutorService clients = Executors.newFixedThreadPool(size);
    try (Batcher batcher =
        new Batcher(
            BatchingOptions.defaults(1)
                .withBatchSize(size)
                .withRunners(1)
                .withMaxDelay(Duration.ofHours(1)),
            Ticker.system())) {
      for (int start = 0; start + size <= order.size(); start += size) {
        List<Future<List<Inference>>> round = new ArrayList<>();
        for (int i : order.subList(start, start + size)) {
          ModelLease lease = cache.acquire(id);
          round.add(
              clients.submit(
                  () -> batcher.submit(lease, List.of(texts.get(i)), Long.MAX_VALUE / 2)));
        }
        for (int k = 0; k < size; k++) {
          float[] result = raw(round.get(k).get(60, TimeUnit.SECONDS).get(0));
          worst = Math.max(worst, maxDiff(alone.get(order.get(start + k)), result));
        }
      }
      BatcherStats stats = batcher.stats();
      assertEquals(stats.texts(), stats.textsRun());
      assertTrue(stats.runs() < stats.textsRun(), "requests shared runs: " + stats);
    } finally {
      clients.shutdownNow();
    }
    return worst;
  }

  private static List<String> texts(Path root, String name) {
    List<String> texts = new ArrayList<>(EXTRA);
    Path reference =
        name.equals(MINILM)
            ? Fixtures.root().resolve("reference/minilm-embeddings.json")
            : root.resolve(name).resolve("reference.json");
    if (Files.isRegularFile(reference)) {
      texts.addAll(Fixtures.reference(reference).texts());
    }
    return texts;
  }

  private static List<Integer> shuffled(int n, long seed) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Collections.shuffle(order, new Random(seed));
    return order;
  }

  private static float[] raw(Inference result) {
    return result instanceof Classification c ? c.logits() : ((Embedding) result).vector();
  }

  private static double maxDiff(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    return worst;
  }
}
