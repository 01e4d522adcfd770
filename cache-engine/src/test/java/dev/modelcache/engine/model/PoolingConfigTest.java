package dev.modelcache.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.engine.model.PoolingConfig.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sentence-transformers' modules.json and Pooling config say how token vectors are pooled. */
class PoolingConfigTest {
  private static final String TRANSFORMER =
      "{\"idx\": 0, \"name\": \"0\", \"path\": \"\", \"type\":"
          + " \"sentence_transformers.models.Transformer\"}";
  private static final String POOLING =
      "{\"idx\": 1, \"name\": \"1\", \"path\": \"1_Pooling\", \"type\":"
          + " \"sentence_transformers.models.Pooling\"}";
  private static final String NORMALIZE =
      "{\"idx\": 2, \"name\": \"2\", \"path\": \"2_Normalize\", \"type\":"
          + " \"sentence_transformers.models.Normalize\"}";

  @TempDir Path dir;

  private void write(String modules, String pooling) throws IOException {
    Files.writeString(dir.resolve("modules.json"), modules);
    if (pooling != null) {
      Files.createDirectories(dir.resolve("1_Pooling"));
      Files.writeString(dir.resolve("1_Pooling/config.json"), pooling);
    }
  }

  @Test
  void aFolderWithoutModulesJsonGetsNormalisedMeanPooling() throws IOException {
    assertSame(PoolingConfig.DEFAULT, PoolingConfig.read(dir));
    assertEquals(List.of(Mode.MEAN), PoolingConfig.DEFAULT.modes());
    assertTrue(PoolingConfig.DEFAULT.normalize());
  }

  @Test
  void theModeComesFromThePoolingConfigAndNormalisationOnlyFromANormalizeStep() throws IOException {
    write(
        "[" + TRANSFORMER + ", " + POOLING + "]",
        "{\"word_embedding_dimension\": 8, \"pooling_mode_cls_token\": true,"
            + " \"pooling_mode_mean_tokens\": false}");
    PoolingConfig cls = PoolingConfig.read(dir);
    assertEquals(List.of(Mode.CLS), cls.modes());
    assertFalse(cls.normalize());

    write(
        "[" + TRANSFORMER + ", " + POOLING + ", " + NORMALIZE + "]",
        "{\"pooling_mode_lasttoken\": true}");
    PoolingConfig last = PoolingConfig.read(dir);
    assertEquals(List.of(Mode.LAST_TOKEN), last.modes());
    assertTrue(last.normalize());
  }

  @Test
  void severalModesAreConcatenatedInSentenceTransformersOrder() throws IOException {
    write(
        "[" + POOLING + "]",
        "{\"pooling_mode_lasttoken\": true, \"pooling_mode_mean_tokens\": true,"
            + " \"pooling_mode_cls_token\": true, \"pooling_mode_max_tokens\": true}");

    assertEquals(
        List.of(Mode.CLS, Mode.MAX, Mode.MEAN, Mode.LAST_TOKEN), PoolingConfig.read(dir).modes());
  }

  @Test
  void stepsThisEngineDoesNotRunAreListed() throws IOException {
    write(
        "["
            + TRANSFORMER
            + ", "
            + POOLING
            + ", {\"idx\": 2, \"name\": \"2\", \"path\": \"2_Dense\", \"type\":"
            + " \"sentence_transformers.models.Dense\"}, "
            + NORMALIZE
            + "]",
        "{\"pooling_mode_mean_tokens\": true}");

    assertEquals(
        List.of("2_Dense (sentence_transformers.models.Dense)"),
        PoolingConfig.read(dir).unsupportedSteps());
  }

  @Test
  void aBrokenOrIncompleteSetUpIsRefusedWithWhatIsWrong() throws IOException {
    write("[" + TRANSFORMER + "]", null);
    assertEquals(
        "modules.json has no sentence_transformers.models.Pooling step",
        assertThrows(IllegalArgumentException.class, () -> PoolingConfig.read(dir)).getMessage());

    write("[" + POOLING + "]", "{\"pooling_mode_mean_tokens\": false}");
    assertEquals(
        "1_Pooling/config.json turns on no pooling mode",
        assertThrows(IllegalArgumentException.class, () -> PoolingConfig.read(dir)).getMessage());

    Files.delete(dir.resolve("1_Pooling/config.json"));
    assertEquals(
        "modules.json names a Pooling step in '1_Pooling', which has no config.json",
        assertThrows(IllegalArgumentException.class, () -> PoolingConfig.read(dir)).getMessage());

    write("{\"not\": \"a list\"", null);
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> PoolingConfig.read(dir))
            .getMessage()
            .startsWith("modules.json is not valid JSON"));
  }
}
