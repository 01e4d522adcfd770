package dev.modelcache.engine.model.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.engine.model.fake.JsonFuzz;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Hub's model-info answer, cut short and with values of the wrong types ({@link JsonFuzz},
 * seeded): every variant either parses into files that are safe to fetch, or is refused with an
 * {@link IOException} (which the source reports as a load error); no other exception escapes.
 */
class HubApiFuzzTest {
  static final long SEED = 20_260_516L;
  static final int VARIANTS = 4_000;

  static final String MODEL_INFO =
      """
      {"_id": "6630f2b1c3a4b5c6d7e8f901", "id": "acme/tiny", "modelId": "acme/tiny",
       "sha": "0123456789abcdef0123456789abcdef01234567", "private": false, "gated": false,
       "tags": ["onnx", "text-classification"], "pipeline_tag": "text-classification",
       "siblings": [
         {"rfilename": "config.json", "blobId": "89abcdef0123456789abcdef0123456789abcdef",
          "size": 612},
         {"rfilename": "tokenizer.json", "blobId": "fedcba9876543210fedcba9876543210fedcba98",
          "size": 711661},
         {"rfilename": "onnx/model.onnx", "blobId": "00112233445566778899aabbccddeeff00112233",
          "size": 134, "lfs": {"sha256":
          "aabbccddeeff00112233445566778899aabbccddeeff00112233445566778899",
          "size": 90466816, "pointerSize": 134}}
       ],
       "usedStorage": 91179089}
      """;

  @Test
  void malformedModelInfoIsATypedErrorOrSafeFilesNeverAnotherException() throws IOException {
    assertEquals(3, HubApi.parse("acme/tiny", MODEL_INFO).files().size(), "the seed is valid");
    JsonFuzz fuzz = new JsonFuzz(new Random(SEED));
    JsonFuzz.Tally tally = new JsonFuzz.Tally();
    List<String> escaped = new ArrayList<>();

    for (int i = 0; i < VARIANTS; i++) {
      JsonFuzz.Variant variant = fuzz.mutate(MODEL_INFO);
      try {
        RepoInfo info = HubApi.parse("acme/tiny", variant.body());
        for (RepoFile file : info.files()) {
          assertTrue(HubApi.safePath(file.path()), file::toString);
          assertTrue(!file.isVerifiable() || file.etag().matches("[0-9a-f]{40}|[0-9a-f]{64}"));
        }
        tally.add(variant.kind(), true);
      } catch (IOException e) {
        assertTrue(
            e.getMessage().startsWith("the Hub's model info for acme/tiny is "), e::getMessage);
        tally.add(variant.kind(), false);
      } catch (RuntimeException e) {
        escaped.add(e + " for " + variant.body());
      }
    }

    System.out.println("HubApi.parse, seed " + SEED + ":\n" + tally.table("model info"));
    assertEquals(List.of(), escaped.stream().limit(5).toList(), escaped.size() + " escaped");
    assertTrue(tally.parsed() > 0 && tally.refused() > 0, tally.table("model info"));
  }
}
