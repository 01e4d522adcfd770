package dev.modelcache.engine.integrity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code sha256sum} format as {@link Manifest} reads it, and what it refuses. */
class ManifestTest {
  private static final String A = "a".repeat(64);
  private static final String B = "0123456789abcdef".repeat(4);

  @Test
  void readsTextAndBinaryMarkedLinesAndNormalisesPaths() {
    Manifest manifest =
        Manifest.parse(
            List.of(
                A + "  model.onnx",
                "",
                B.toUpperCase(java.util.Locale.ROOT) + " *./onnx/../tokenizer.json",
                A + "  name with spaces.txt"));

    assertEquals(
        Map.of("model.onnx", A, "tokenizer.json", B, "name with spaces.txt", A),
        manifest.digests());
    assertEquals(List.of("model.onnx", "name with spaces.txt", "tokenizer.json"), manifest.paths());
  }

  @Test
  void anEmptyManifestListsNothing() {
    assertEquals(Map.of(), Manifest.parse(List.of("", "  ")).digests());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "no separator             | aaaa                                   | is not '<sha256 hex>",
        "short digest             | abc  model.onnx                        | is not '<sha256 hex>",
        "one space, no marker     | AAA model.onnx                         | is not '<sha256 hex>",
        "parent folder            | AAA  ../other/model.onnx               | outside the model folder",
        "parent after normalising | AAA  onnx/../../model.onnx             | outside the model folder",
        "the folder itself        | AAA  .                                 | outside the model folder",
        "absolute                 | AAA  /etc/passwd                       | is absolute",
        "escaped name             | \\AAA  a\\nb                           | escaped file names",
      })
  void refusesLinesThatAreMalformedOrLeaveTheFolder(String what, String line, String expected) {
    String real = line.replace("AAA", A);

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Manifest.parse(List.of("", real)));

    assertTrue(e.getMessage().startsWith("line 2"), what + ": " + e.getMessage());
    assertTrue(e.getMessage().contains(expected), what + ": " + e.getMessage());
  }

  @Test
  void refusesAPathListedTwiceEvenWrittenDifferently() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Manifest.parse(List.of(A + "  model.onnx", B + "  ./model.onnx")));

    assertEquals("line 2 lists model.onnx a second time", e.getMessage());
  }
}
