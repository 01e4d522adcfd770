package dev.modelcache.engine.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.RemovalCause;
import dev.modelcache.engine.cache.Ticker;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A generation holds its model's lease from start to end: when the model is evicted in the middle
 * of a sequence (here a one-model cache loads another model between two tokens, and then it is
 * unloaded explicitly too), the sequence finishes on the evicted model with exactly the reference
 * tokens, and the model's native memory is freed only when the generation ends.
 */
class AModelEvictedWhileGeneratingFinishesItsSequenceTest {

  @Test
  void theEvictedModelStaysOpenUntilTheSequenceEnds() {
    GenerationFixtures.Case expected =
        GenerationFixtures.reference(GenerationFixtures.root().resolve("tiny-gpt2")).cases().get(2);
    ModelId gpt2 = ModelId.of("tiny-gpt2");
    List<CacheStats> during = new ArrayList<>();
    try (ModelCache cache =
        GenerationFixtures.cache(true, 1, Ticker.system(), GenerationFixtures.root())) {
      Generator generator = GenerationFixtures.generator(cache, Ticker.system(), 4, 1);
      Generation g =
          generator.generate(
              GenerationRequest.greedy(gpt2, expected.prompt(), expected.maxNewTokens()),
              token -> {
                if (token.index() == 1) {
                  // Loading T5 into the one-model cache evicts GPT-2 under this generation.
                  generator.generate(
                      GenerationRequest.greedy(ModelId.of("tiny-t5"), "march", 4),
                      TokenListener.NONE);
                  during.add(cache.stats());
                }
                if (token.index() == 2) {
                  cache.unload(gpt2); // no longer loaded: nothing to do, and nothing breaks
                  during.add(cache.stats());
                }
              });

      assertArrayEquals(expected.tokenIds(), g.tokenIds(), "the sequence is unchanged");
      CacheStats evicted = during.get(0);
      assertEquals(1L, evicted.evictions().get(RemovalCause.EVICTED_COUNT));
      assertFalse(cache.isLoaded(gpt2));
      assertEquals(0, evicted.closedCount(), "evicted, but not closed while generating");
      assertEquals(0, during.get(1).closedCount());
      assertEquals(1, cache.stats().closedCount(), "closed when its generation ended");
    }
  }
}
