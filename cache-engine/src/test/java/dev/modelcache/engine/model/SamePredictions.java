package dev.modelcache.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Embedding;
import dev.modelcache.engine.inference.Fixtures;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.OnnxModelLoader;
import java.util.List;

/**
 * Checks that a model fetched by a source loads through the real loader and predicts exactly what
 * the fixture it was made from predicts when loaded from its folder.
 */
public final class SamePredictions {
  private SamePredictions() {}

  /**
   * Loads {@code id} from {@code fetched} and fixture {@code tiny} from {@code fixtures/models},
   * runs the fixture's reference texts through both, and asserts identical outputs.
   */
  public static void assertSameAsFixture(ModelSource fetched, ModelId id, String tiny) {
    Fixtures.Reference reference =
        Fixtures.reference(Fixtures.tinyModels().resolve(tiny).resolve("reference.json"));
    InferenceOptions options =
        InferenceOptions.DEFAULTS
            .withMaxSequenceLength(reference.maxLength())
            .withBatchSize(4)
            .withWarmupTokens(16);
    LocalDirectorySource local = new LocalDirectorySource(Fixtures.tinyModels());
    try (LoadedModel remote = new OnnxModelLoader(fetched, options).load(id);
        LoadedModel original = new OnnxModelLoader(local, options).load(ModelId.of(tiny))) {
      assertEquals(original.task(), remote.task());
      List<Inference> expected = original.predict(reference.texts());
      List<Inference> actual = remote.predict(reference.texts());
      for (int i = 0; i < expected.size(); i++) {
        assertArrayEquals(raw(expected.get(i)), raw(actual.get(i)), 0f, reference.texts().get(i));
        if (expected.get(i) instanceof Classification c) {
          assertEquals(c.label(), ((Classification) actual.get(i)).label());
        }
      }
    }
  }

  private static float[] raw(Inference result) {
    return result instanceof Classification c ? c.logits() : ((Embedding) result).vector();
  }
}
