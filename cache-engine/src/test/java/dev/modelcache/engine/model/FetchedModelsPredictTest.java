package dev.modelcache.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.CacheConfig;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.OnnxModelLoader;
import dev.modelcache.engine.model.fake.FakeHub;
import dev.modelcache.engine.model.fake.FakeMlflow;
import dev.modelcache.engine.model.hub.HubSettings;
import dev.modelcache.engine.model.hub.HubSource;
import dev.modelcache.engine.model.mlflow.MlflowSettings;
import dev.modelcache.engine.model.mlflow.MlflowSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fixture models fetched from each fake service load through the real ONNX Runtime loader and
 * predict exactly as the same fixtures loaded from their folders; through the cache, the download
 * happens once, in the loader's preparation.
 */
class FetchedModelsPredictTest {
  private static final ModelId HUB_ID = ModelId.of("acme/tiny-classifier");
  private static final ModelId ALIAS = ModelId.of("models:/prompt-guard@champion");

  @TempDir Path hubCache;
  @TempDir Path mlflowCache;
  @TempDir Path emptyLocal;
  private FakeHub hub;
  private FakeMlflow mlflow;
  private HubSource hubSource;
  private MlflowSource mlflowSource;

  @BeforeEach
  void start() throws IOException {
    hub = FakeHub.start();
    hub.addRepo(HUB_ID.repoId(), Fixtures.tinyModels().resolve("tiny-a"));
    hub.addRepo("acme/embedder", Fixtures.tinyModels().resolve("tiny-embed"));
    mlflow = FakeMlflow.start();
    mlflow.register("prompt-guard", Fixtures.tinyModels().resolve("tiny-c"));
    mlflow.setAlias("prompt-guard", "champion", 1);
    Duration timeout = Duration.ofSeconds(5);
    hubSource =
        new HubSource(
            HubSettings.defaults(hubCache)
                .withEndpoint(hub.endpoint())
                .withTimeouts(timeout, timeout));
    mlflowSource =
        new MlflowSource(
            MlflowSettings.defaults(mlflow.trackingUri(), mlflowCache)
                .withTimeouts(timeout, timeout));
  }

  @AfterEach
  void stop() {
    hub.close();
    mlflow.close();
  }

  @Test
  void aClassifierFromTheHubPredictsAsTheFixture() {
    SamePredictions.assertSameAsFixture(hubSource, HUB_ID, "tiny-a");
  }

  @Test
  void anEmbeddingModelFromTheHubPredictsAsTheFixture() {
    SamePredictions.assertSameAsFixture(hubSource, ModelId.of("acme/embedder"), "tiny-embed");
  }

  @Test
  void aClassifierFromMlflowByAliasPredictsAsTheFixture() {
    SamePredictions.assertSameAsFixture(mlflowSource, ALIAS, "tiny-c");
  }

  @Test
  void throughTheCacheEachModelIsFetchedOnceAndServed() {
    ModelSource sources =
        ModelSource.chain(List.of(new LocalDirectorySource(emptyLocal), hubSource, mlflowSource));
    InferenceOptions options = InferenceOptions.DEFAULTS.withBatchSize(2).withWarmupTokens(8);
    try (ModelCache cache =
        new ModelCache(new OnnxModelLoader(sources, options), CacheConfig.builder().build())) {
      float[] hubLogits = logits(cache, HUB_ID);
      float[] aliasLogits = logits(cache, ALIAS);

      assertEquals(1, hub.infoRequests(HUB_ID.repoId()));
      assertEquals(1, hub.cdnRequests(HUB_ID.repoId(), "model.onnx"));
      assertEquals(1, mlflow.requests("alias"), "the alias was resolved once for the load");
      assertEquals(1, mlflow.artifactRequests("prompt-guard", 1, "model.onnx"));
      assertArrayEquals(hubLogits, logits(cache, HUB_ID), 0f);
      assertArrayEquals(aliasLogits, logits(cache, ALIAS), 0f);
      assertEquals(2, cache.stats().hitCount());
    }
    assertFalse(Files.exists(emptyLocal.resolve("acme")));
  }

  private static float[] logits(ModelCache cache, ModelId id) {
    try (ModelLease lease = cache.acquire(id)) {
      return ((Classification) lease.predict(List.of("a short text")).get(0)).logits();
    }
  }

  /** The fixtures themselves, for a reader checking that the comparison is not trivial. */
  @Test
  void theTwoFixturesDiffer() {
    LocalDirectorySource local = new LocalDirectorySource(Fixtures.tinyModels());
    InferenceOptions options = InferenceOptions.DEFAULTS.withBatchSize(1).withWarmupTokens(8);
    try (LoadedModel a = new OnnxModelLoader(local, options).load(ModelId.of("tiny-a"));
        LoadedModel c = new OnnxModelLoader(local, options).load(ModelId.of("tiny-c"))) {
      float[] la = ((Classification) a.predict(List.of("a short text")).get(0)).logits();
      float[] lc = ((Classification) c.predict(List.of("a short text")).get(0)).logits();
      assertFalse(Arrays.equals(la, lc));
    }
  }
}
