package dev.modelcache.service.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.rest.GenerateRequest;
import dev.modelcache.engine.generation.GenerationRequest;
import dev.modelcache.engine.generation.Sampling;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What a {@code POST /generate} body means, and what it may not say. */
class GenerateRulesTest {
  private static final TextLimits LIMITS = new TextLimits(100, 400, 8);

  @Test
  void noTemperatureOrZeroIsGreedyAndAPositiveOneSamples() {
    GenerationRequest greedy =
        GenerateRules.read(new GenerateRequest("hi", "m", null, null, null, null), LIMITS);
    assertEquals(Sampling.greedy(), greedy.sampling());
    assertEquals(OptionalInt.empty(), greedy.maxNewTokens());
    assertEquals(
        Sampling.greedy(),
        GenerateRules.read(new GenerateRequest("hi", "m", 5, 0.0, null, null), LIMITS).sampling());
    GenerationRequest sampled =
        GenerateRules.read(new GenerateRequest("hi", "m", 5, 0.8, 0.9, 7L), LIMITS);
    assertEquals(new Sampling(0.8, 0.9, OptionalLong.of(7)), sampled.sampling());
    assertEquals(OptionalInt.of(5), sampled.maxNewTokens());
  }

  @Test
  void samplingSettingsWithoutATemperatureAndOutOfRangeValuesAreRefused() {
    for (GenerateRequest body :
        new GenerateRequest[] {
          new GenerateRequest("hi", "m", null, null, 0.9, null),
          new GenerateRequest("hi", "m", null, 0.0, null, 3L),
          new GenerateRequest("hi", "m", null, -0.5, null, null),
          new GenerateRequest("hi", "m", null, 101.0, null, null),
          new GenerateRequest("hi", "m", null, 1.0, 0.0, null),
          new GenerateRequest("hi", "m", null, 1.0, 1.5, null)
        }) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> GenerateRules.read(body, LIMITS));
      assertTrue(
          e.getMessage().contains("temperature") || e.getMessage().contains("top_p"),
          e.getMessage());
    }
  }

  @Test
  void theTextAndTheModelAreCheckedAsForPredictions() {
    assertThrows(
        InvalidInputException.class,
        () -> GenerateRules.read(new GenerateRequest("  ", "m", null, null, null, null), LIMITS));
    assertThrows(
        InvalidInputException.class,
        () -> GenerateRules.read(new GenerateRequest("hi", null, null, null, null, null), LIMITS));
    assertThrows(InvalidInputException.class, () -> GenerateRules.read(null, LIMITS));
  }
}
