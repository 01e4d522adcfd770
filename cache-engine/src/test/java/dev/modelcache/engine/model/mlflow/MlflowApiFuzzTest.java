package dev.modelcache.engine.model.mlflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.engine.model.fake.JsonFuzz;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * MLflow's registry and artifact-proxy answers, cut short and with values of the wrong types
 * ({@link JsonFuzz}, seeded): every variant either parses into usable values or is refused with an
 * {@link IOException} that names the answer (which the source reports as a load error); no Gson
 * runtime exception escapes.
 */
class MlflowApiFuzzTest {
  static final long SEED = 20_260_516L;
  static final int VARIANTS = 4_000;

  static final String MODEL_VERSION =
      """
      {"model_version": {"name": "prompt-guard", "version": "3",
       "creation_timestamp": 1727784000003, "last_updated_timestamp": 1727784000003,
       "current_stage": "None", "description": "",
       "source": "mlflow-artifacts:/1/0123abcd/artifacts/model", "run_id": "0123abcd",
       "status": "READY", "run_link": "", "aliases": ["champion"]}}
      """;

  static final String DOWNLOAD_URI =
      """
      {"artifact_uri": "mlflow-artifacts:/1/0123abcd/artifacts/model"}
      """;

  static final String LISTING =
      """
      {"files": [{"path": "MLmodel", "is_dir": false, "file_size": 412},
                 {"path": "model.onnx", "is_dir": false, "file_size": 90466816},
                 {"path": "tokenizer", "is_dir": true}]}
      """;

  private interface Parser {
    void parse(String body) throws IOException;
  }

  @Test
  void malformedModelVersionsAreATypedErrorNeverAnotherException() {
    fuzz(
        "model version",
        "MLflow's answer to model-versions/get is ",
        MODEL_VERSION,
        body -> {
          MlflowApi.ModelVersion mv = MlflowApi.modelVersion("model-versions/get", body);
          assertNotNull(mv.status());
        });
  }

  @Test
  void malformedDownloadUrisAreATypedErrorNeverAnotherException() {
    fuzz(
        "download URI",
        "",
        DOWNLOAD_URI,
        body -> assertTrue(MlflowApi.safePath(MlflowApi.downloadUri(body))));
  }

  @Test
  void malformedListingsAreATypedErrorNeverAnotherException() {
    fuzz(
        "artifact listing",
        "MLflow's artifact listing is ",
        LISTING,
        body -> {
          for (MlflowApi.ArtifactFile file : MlflowApi.listing(body)) {
            assertTrue(MlflowApi.safePath(file.name()), file::toString);
            assertTrue(file.size() >= -1, file::toString);
          }
        });
  }

  private static void fuzz(String what, String prefix, String valid, Parser parser) {
    try {
      parser.parse(valid);
    } catch (IOException e) {
      throw new AssertionError("the seed is valid", e);
    }
    JsonFuzz fuzz = new JsonFuzz(new Random(SEED));
    JsonFuzz.Tally tally = new JsonFuzz.Tally();
    List<String> escaped = new ArrayList<>();
    for (int i = 0; i < VARIANTS; i++) {
      JsonFuzz.Variant variant = fuzz.mutate(valid);
      try {
        parser.parse(variant.body());
        tally.add(variant.kind(), true);
      } catch (IOException e) {
        assertTrue(e.getMessage().startsWith(prefix), e::getMessage);
        tally.add(variant.kind(), false);
      } catch (RuntimeException e) {
        escaped.add(e + " for " + variant.body());
      }
    }
    System.out.println("MlflowApi " + what + ", seed " + SEED + ":\n" + tally.table(what));
    assertEquals(List.of(), escaped.stream().limit(5).toList(), escaped.size() + " escaped");
    assertTrue(tally.parsed() > 0 && tally.refused() > 0, tally.table(what));
  }
}
