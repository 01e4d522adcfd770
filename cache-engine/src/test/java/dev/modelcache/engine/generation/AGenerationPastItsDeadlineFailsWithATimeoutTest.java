package dev.modelcache.engine.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.InferenceTimeoutException;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.FakeTicker;
import dev.modelcache.engine.cache.ModelCache;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The deadline (INFERENCE_TIMEOUT from arrival) is checked before every step: when time passes it
 * during a generation, the next step is not run and the request fails with the timeout error, its
 * lease and its place returned; the next request runs normally. Time is a fake ticker moved by the
 * test between two tokens, so nothing depends on how fast the machine is.
 */
class AGenerationPastItsDeadlineFailsWithATimeoutTest {

  @Test
  void theStepAfterTheDeadlineIsNotRunAndTheRequestTimesOut() {
    FakeTicker ticker = new FakeTicker();
    try (ModelCache cache = GenerationFixtures.cache(true, 2, ticker, GenerationFixtures.root())) {
      Generator generator =
          new Generator(cache, new GenerationOptions(64, 32, 4, 1, Duration.ofSeconds(10)), ticker);
      ModelId model = ModelId.of("tiny-t5");
      List<Long> seen = new ArrayList<>();
      InferenceTimeoutException e =
          assertThrows(
              InferenceTimeoutException.class,
              () ->
                  generator.generate(
                      GenerationRequest.greedy(model, "march", 32),
                      token -> {
                        seen.add(token.id());
                        if (seen.size() == 2) {
                          ticker.advance(Duration.ofSeconds(11));
                        }
                      }));

      assertEquals(2, seen.size(), "no step after the deadline");
      assertTrue(e.getMessage().contains("generated 2 of at most 32 tokens"), e.getMessage());
      assertEquals(Duration.ofSeconds(10), e.timeout());
      GeneratorStats stats = generator.stats();
      assertEquals(1, stats.timedOut());
      assertEquals(0, stats.inProgress());
      assertEquals(0, cache.stats().models().get(0).activeLeases(), "the lease came back");

      Generation next =
          generator.generate(GenerationRequest.greedy(model, "march", 3), TokenListener.NONE);
      assertEquals(3, next.generatedTokens());
    }
  }
}
