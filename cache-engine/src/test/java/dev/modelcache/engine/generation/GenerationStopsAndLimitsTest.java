package dev.modelcache.engine.generation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.InputTooLargeException;
import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.cache.Ticker;
import dev.modelcache.engine.inference.Fixtures;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Where a generation stops: at the end-of-sequence token (the last token, before the limit), at
 * {@code max_new_tokens}, at the model's longest sequence; and what is refused before it starts: a
 * token count out of range, a prompt the model cannot take, a model that does not generate text. A
 * generation model refuses {@code /predict} work in turn.
 */
class GenerationStopsAndLimitsTest {
  private static final ModelId GPT2 = ModelId.of("tiny-gpt2");
  private static ModelCache cache;
  private static Generator generator;

  @BeforeAll
  static void load() {
    cache =
        GenerationFixtures.cache(
            true, 3, Ticker.system(), GenerationFixtures.root(), Fixtures.tinyModels());
    generator = GenerationFixtures.generator(cache, Ticker.system(), 4, 1);
  }

  @AfterAll
  static void close() {
    cache.close();
  }

  @Test
  void aSequenceStopsAtItsEndOfSequenceTokenBeforeTheLimit() {
    Generation g =
        generator.generate(GenerationRequest.greedy(GPT2, "wednesday", 32), TokenListener.NONE);
    assertEquals(FinishReason.EOS, g.finishReason());
    assertTrue(g.generatedTokens() < 32, g.toString());
    long eos = g.tokenIds()[g.generatedTokens() - 1];
    assertEquals(List.of(eos), Arrays.stream(g.tokenIds()).filter(t -> t == eos).boxed().toList());
    assertEquals(" thursday friday saturday sunday", g.text(), "the end token is not text");
  }

  @Test
  void maxNewTokensCutsTheSequenceAtExactlyThatMany() {
    long[] whole =
        generator
            .generate(GenerationRequest.greedy(GPT2, "three four", 32), TokenListener.NONE)
            .tokenIds();
    for (int n : new int[] {1, 2, 5}) {
      Generation g =
          generator.generate(GenerationRequest.greedy(GPT2, "three four", n), TokenListener.NONE);
      assertEquals(FinishReason.LENGTH, g.finishReason());
      assertArrayEquals(Arrays.copyOf(whole, n), g.tokenIds(), "the first " + n + " tokens");
    }
  }

  @Test
  void aSequenceStopsAtTheModelsLongestSequence() {
    // tiny-gpt2 has 64 positions: a prompt of p tokens leaves room for 64 - p.
    String prompt =
        "one two three four five six seven eight nine ten eleven twelve ".repeat(4)
            + "one two three four five six";
    int promptTokens = tokens(prompt);
    assertTrue(promptTokens > 50 && promptTokens < 62, "prompt of " + promptTokens + " tokens");
    Generation g =
        generator.generate(GenerationRequest.greedy(GPT2, prompt, 32), TokenListener.NONE);
    assertEquals(FinishReason.LENGTH, g.finishReason(), g.toString());
    assertEquals(64, g.promptTokens() + g.generatedTokens(), g.toString());
  }

  @Test
  void outOfRangeRequestsAreRefusedBeforeAnythingRuns() {
    assertThrows(
        InvalidInputException.class,
        () -> generator.generate(GenerationRequest.greedy(GPT2, "one", 0), TokenListener.NONE));
    InputTooLargeException tooMany =
        assertThrows(
            InputTooLargeException.class,
            () ->
                generator.generate(GenerationRequest.greedy(GPT2, "one", 65), TokenListener.NONE));
    assertTrue(tooMany.getMessage().contains("MAX_NEW_TOKENS"), tooMany.getMessage());
    InputTooLargeException tooLong =
        assertThrows(
            InputTooLargeException.class,
            () ->
                generator.generate(
                    GenerationRequest.greedy(GPT2, "one two three ".repeat(30), 4),
                    TokenListener.NONE));
    assertTrue(tooLong.getMessage().contains("takes at most 63"), tooLong.getMessage());
    InvalidInputException classifier =
        assertThrows(
            InvalidInputException.class,
            () ->
                generator.generate(
                    new GenerationRequest(
                        ModelId.of("tiny-a"), "hello", OptionalInt.empty(), Sampling.greedy()),
                    TokenListener.NONE));
    assertTrue(
        classifier.getMessage().contains("sequence_classification"), classifier.getMessage());
    assertEquals(0, generator.stats().inProgress());
    assertTrue(
        cache.stats().models().stream().allMatch(m -> m.activeLeases() == 0),
        "every refusal returned its lease: " + cache.stats().models());
  }

  @Test
  void aGenerationModelRefusesPredictions() {
    try (ModelLease lease = cache.acquire(GPT2)) {
      InvalidInputException e =
          assertThrows(InvalidInputException.class, () -> lease.encode(List.of("hello")));
      assertTrue(e.getMessage().contains("POST /generate"), e.getMessage());
    }
  }

  private static int tokens(String prompt) {
    try (ModelLease lease = cache.acquire(GPT2)) {
      return lease.as(GenerativeModel.class).orElseThrow().tokenize(prompt).length;
    }
  }
}
