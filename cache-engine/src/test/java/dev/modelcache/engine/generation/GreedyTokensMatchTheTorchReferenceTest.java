package dev.modelcache.engine.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The service's tokenizer gives the reference ids (those of the script's tokenizer, which the JS
 * {@code @huggingface/tokenizers} also gives: {@code tools/reference/generation}), and greedy
 * decoding through ONNX Runtime gives exactly the tokens of the PyTorch module each fixture was
 * exported from: with the key/value cache, without it, and, for GPT-2, with the two-file layout
 * (decoder + decoder with past) instead of the merged graph. Streamed pieces add up to the text.
 */
class GreedyTokensMatchTheTorchReferenceTest {
  @TempDir Path temp;

  static List<String> families() {
    return GenerationFixtures.FAMILIES;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void tokenIdsAndTextsMatchTheReferenceTokenizer(String family) throws IOException {
    Path folder = GenerationFixtures.root().resolve(family);
    GenerationFixtures.Reference reference = GenerationFixtures.reference(folder);
    try (GenerationTokenizer tokenizer =
        GenerationTokenizer.load(folder.resolve("tokenizer.json"))) {
      for (GenerationFixtures.TokenCase c : reference.tokenCases()) {
        assertArrayEquals(c.inputIds(), tokenizer.encode(c.text()), family + ": " + c.text());
      }
      for (GenerationFixtures.Case c : reference.cases()) {
        assertArrayEquals(c.promptIds(), tokenizer.encode(c.prompt()), family + ": " + c.prompt());
        assertEquals(c.text(), tokenizer.decode(c.tokenIds()), family + ": " + c.prompt());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void greedyTokensAreTheTorchModulesWithAndWithoutTheCache(String family) throws IOException {
    Path root = GenerationFixtures.root();
    List<String> layouts = new ArrayList<>(List.of("cache", "no cache"));
    int equal = 0;
    int cases = 0;
    equal += generateAll(root, family, true);
    equal += generateAll(root, family, false);
    cases += 2 * GenerationFixtures.reference(root.resolve(family)).cases().size();
    if (family.equals("tiny-gpt2")) {
      // The same model without its merged graph: decoder_model.onnx + decoder_with_past_model.onnx.
      Path copy = temp.resolve(family);
      Fixtures.copyTree(root.resolve(family), copy);
      Files.delete(copy.resolve("onnx/decoder_model_merged.onnx"));
      equal += generateAll(temp, family, true);
      cases += GenerationFixtures.reference(root.resolve(family)).cases().size();
      layouts.add("two-file cache");
    }
    System.out.printf(
        "%s: %d of %d greedy sequences equal to torch (%s)%n",
        family, equal, cases, String.join(", ", layouts));
  }

  /** Runs every reference case; returns how many matched (all, or the test fails). */
  private static int generateAll(Path root, String family, boolean useCache) {
    GenerationFixtures.Reference reference = GenerationFixtures.reference(root.resolve(family));
    try (ModelCache cache = GenerationFixtures.cache(useCache, 2, Ticker.system(), root)) {
      Generator generator = GenerationFixtures.generator(cache, Ticker.system(), 4, 1);
      int matched = 0;
      for (GenerationFixtures.Case c : reference.cases()) {
        StringBuilder streamed = new StringBuilder();
        Generation g =
            generator.generate(
                GenerationRequest.greedy(ModelId.of(family), c.prompt(), c.maxNewTokens()),
                token -> streamed.append(token.text()));
        String what = family + (useCache ? " with" : " without") + " cache: " + c.prompt();
        assertArrayEquals(c.tokenIds(), g.tokenIds(), what);
        assertEquals(c.finishReason(), g.finishReason().id(), what);
        assertEquals(c.text(), g.text(), what);
        assertEquals(c.promptIds().length, g.promptTokens(), what);
        assertEquals(g.text(), streamed.toString(), "streamed pieces, " + what);
        matched++;
      }
      return matched;
    }
  }
}
