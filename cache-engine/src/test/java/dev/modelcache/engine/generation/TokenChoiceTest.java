package dev.modelcache.engine.generation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The token choice against its definition: greedy is the first maximum; sampling follows the
 * softmax of logits / temperature (frequencies over many seeded draws), keeps only the nucleus, and
 * is a function of the seed.
 */
class TokenChoiceTest {
  private static final int DRAWS = 20_000;

  @Test
  void greedyTakesTheFirstOfEqualMaxima() {
    TokenChoice greedy = new TokenChoice(Sampling.greedy());
    assertEquals(1, greedy.choose(new float[] {0f, 3f, 3f, -1f}));
    assertThrows(IllegalStateException.class, () -> greedy.choose(new float[] {0f, Float.NaN}));
  }

  @Test
  void samplingFollowsTheSoftmaxOfLogitsOverTemperature() {
    // logits 0 and 2 at temperature 2: probabilities 1 / (1 + e) and e / (1 + e).
    float[] logits = {0f, 2f};
    int ones = 0;
    TokenChoice choice = new TokenChoice(Sampling.random(2, 1, OptionalLong.of(7)));
    for (int i = 0; i < DRAWS; i++) {
      ones += choice.choose(logits);
    }
    double expected = Math.E / (1 + Math.E);
    assertEquals(expected, ones / (double) DRAWS, 0.01, "share of token 1");
  }

  @Test
  void theNucleusKeepsTheMostLikelyTokensUpToTopP() {
    // Probabilities 0.5, 0.3, 0.2: top_p 0.7 keeps the first two (0.5 < 0.7 <= 0.8).
    float[] logits = {(float) Math.log(0.5), (float) Math.log(0.3), (float) Math.log(0.2)};
    int[] counts = new int[3];
    TokenChoice choice = new TokenChoice(Sampling.random(1, 0.7, OptionalLong.of(11)));
    for (int i = 0; i < DRAWS; i++) {
      counts[choice.choose(logits)]++;
    }
    assertEquals(0, counts[2], "outside the nucleus");
    assertEquals(0.5 / 0.8, counts[0] / (double) DRAWS, 0.01, "renormalised share of token 0");
  }

  @Test
  void theSameSeedGivesTheSameDrawsAndAnotherSeedOthers() {
    float[] logits = new float[50];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) Math.sin(i);
    }
    StringBuilder a = new StringBuilder();
    StringBuilder b = new StringBuilder();
    StringBuilder c = new StringBuilder();
    TokenChoice first = new TokenChoice(Sampling.random(1, 0.9, OptionalLong.of(42)));
    TokenChoice again = new TokenChoice(Sampling.random(1, 0.9, OptionalLong.of(42)));
    TokenChoice other = new TokenChoice(Sampling.random(1, 0.9, OptionalLong.of(43)));
    for (int i = 0; i < 40; i++) {
      a.append(first.choose(logits)).append(' ');
      b.append(again.choose(logits)).append(' ');
      c.append(other.choose(logits)).append(' ');
    }
    assertEquals(a.toString(), b.toString());
    assertEquals(false, a.toString().equals(c.toString()), "seeds 42 and 43 drew alike: " + a);
  }

  @Test
  void topPAndSeedWithoutATemperatureAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Sampling(0, 0.9, OptionalLong.empty()));
    assertThrows(IllegalArgumentException.class, () -> new Sampling(0, 1, OptionalLong.of(1)));
    assertThrows(IllegalArgumentException.class, () -> new Sampling(-1, 1, OptionalLong.empty()));
    assertThrows(IllegalArgumentException.class, () -> new Sampling(1, 0, OptionalLong.empty()));
  }
}
