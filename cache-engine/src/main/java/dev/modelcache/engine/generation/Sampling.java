package dev.modelcache.engine.generation;

import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * How the next token is chosen from the logits: greedy (the most likely token) when {@code
 * temperature} is 0, otherwise drawn at random from the softmax of {@code logits / temperature},
 * restricted to the smallest set of most likely tokens whose probabilities add up to at least
 * {@code topP} (nucleus sampling). Immutable.
 *
 * @param temperature 0 for greedy, else {@code > 0} and at most 100
 * @param topP in {@code (0, 1]}; 1 keeps every token. Only with sampling
 * @param seed the random generator's seed; the same seed, model and prompt give the same tokens. If
 *     empty, {@link Generator} draws one and reports it
 */
public record Sampling(double temperature, double topP, OptionalLong seed) {

  private static final Sampling GREEDY = new Sampling(0, 1, OptionalLong.empty());

  public Sampling {
    if (!(temperature >= 0 && temperature <= 100)) {
      throw new IllegalArgumentException("temperature must be in [0, 100]: " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("top_p must be in (0, 1]: " + topP);
    }
    if (temperature == 0 && (topP != 1 || seed.isPresent())) {
      throw new IllegalArgumentException(
          "top_p and seed apply to sampling: set a temperature above 0 (0 means greedy)");
    }
  }

  /** The most likely token at every step. */
  public static Sampling greedy() {
    return GREEDY;
  }

  /** Random draws at {@code temperature}, within {@code topP}, from {@code seed} if given. */
  public static Sampling random(double temperature, double topP, OptionalLong seed) {
    if (temperature <= 0) {
      throw new IllegalArgumentException("temperature must be > 0 to sample: " + temperature);
    }
    return new Sampling(temperature, topP, seed);
  }

  public boolean isGreedy() {
    return temperature == 0;
  }

  /** This sampling with a seed from {@code seeds}, if it samples and had none. */
  Sampling withSeed(LongSupplier seeds) {
    return isGreedy() || seed.isPresent()
        ? this
        : new Sampling(temperature, topP, OptionalLong.of(seeds.getAsLong()));
  }
}
