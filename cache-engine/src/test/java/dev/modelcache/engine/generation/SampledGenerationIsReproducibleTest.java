package dev.modelcache.engine.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.Ticker;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sampling with a seed gives the same tokens every time (with and without the key/value cache);
 * other seeds give other sequences; without a seed the generator draws one, reports it, and that
 * seed reproduces the answer; a nucleus of the single most likely token is greedy decoding.
 */
class SampledGenerationIsReproducibleTest {

  static java.util.List<String> families() {
    return GenerationFixtures.FAMILIES;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("families")
  void aSeedReproducesItsTokensAndOtherSeedsDiffer(String family) {
    ModelId model = ModelId.of(family);
    String prompt =
        GenerationFixtures.reference(GenerationFixtures.root().resolve(family))
            .cases()
            .get(0)
            .prompt();
    AtomicLong drawn = new AtomicLong(1000);
    long[] first;
    Set<String> sequences = new HashSet<>();
    try (ModelCache cache = GenerationFixtures.cache(true, 1, Ticker.system(), root());
        ModelCache uncached = GenerationFixtures.cache(false, 1, Ticker.system(), root())) {
      Generator generator = generator(cache, drawn);
      first = sample(generator, model, prompt, OptionalLong.of(42)).tokenIds();
      assertArrayEquals(first, sample(generator, model, prompt, OptionalLong.of(42)).tokenIds());
      assertArrayEquals(
          first,
          sample(generator(uncached, drawn), model, prompt, OptionalLong.of(42)).tokenIds(),
          "the cache changes no draw");
      for (long seed = 1; seed <= 8; seed++) {
        sequences.add(
            Arrays.toString(sample(generator, model, prompt, OptionalLong.of(seed)).tokenIds()));
      }
      Generation unseeded = sample(generator, model, prompt, OptionalLong.empty());
      assertEquals(OptionalLong.of(1001), unseeded.seed(), "the drawn seed is reported");
      assertArrayEquals(
          unseeded.tokenIds(),
          sample(generator, model, prompt, unseeded.seed()).tokenIds(),
          "the reported seed reproduces the answer");

      GenerationFixtures.Case greedy =
          GenerationFixtures.reference(GenerationFixtures.root().resolve(family)).cases().get(0);
      Generation nucleusOfOne =
          generator.generate(
              new GenerationRequest(
                  model,
                  greedy.prompt(),
                  OptionalInt.of(greedy.maxNewTokens()),
                  Sampling.random(1, 1e-9, OptionalLong.of(5))),
              TokenListener.NONE);
      assertArrayEquals(greedy.tokenIds(), nucleusOfOne.tokenIds(), "top_p ~ 0 is greedy");
    }
    assertTrue(sequences.size() >= 3, family + ": 8 seeds gave only " + sequences);
  }

  private static Generation sample(
      Generator generator, ModelId model, String prompt, OptionalLong seed) {
    return generator.generate(
        new GenerationRequest(model, prompt, OptionalInt.of(12), Sampling.random(3, 0.95, seed)),
        TokenListener.NONE);
  }

  private static Generator generator(ModelCache cache, AtomicLong seeds) {
    return new Generator(
        cache,
        new GenerationOptions(64, 32, 4, 1, Duration.ofSeconds(60)),
        Ticker.system(),
        seeds::incrementAndGet);
  }

  private static java.nio.file.Path root() {
    return GenerationFixtures.root();
  }
}
