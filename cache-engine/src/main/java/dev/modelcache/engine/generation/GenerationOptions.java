package dev.modelcache.engine.generation;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of text generation. Immutable.
 *
 * @param maxNewTokens the most tokens one request may ask for ({@code MAX_NEW_TOKENS}, default
 *     256); more is refused as too large
 * @param defaultNewTokens what a request that does not say gets: 32, or {@code maxNewTokens} if
 *     smaller
 * @param maxGenerations generations running at once ({@code MAX_GENERATIONS}, default 4 per
 *     runner); one more is refused as overloaded. Each holds its key/value cache, which grows with
 *     its length and is not charged to the memory budget
 * @param stepSlots decoder steps running at once, over all generations ({@code INFERENCE_RUNNERS}):
 *     a generation takes a slot for each step, so concurrent generations advance in turns
 * @param timeout the longest a generation may take, model load and every step included ({@code
 *     INFERENCE_TIMEOUT})
 */
public record GenerationOptions(
    int maxNewTokens, int defaultNewTokens, int maxGenerations, int stepSlots, Duration timeout) {

  public GenerationOptions {
    if (maxNewTokens < 1) {
      throw new IllegalArgumentException("maxNewTokens must be >= 1: " + maxNewTokens);
    }
    if (defaultNewTokens < 1 || defaultNewTokens > maxNewTokens) {
      throw new IllegalArgumentException(
          "defaultNewTokens must be in [1, " + maxNewTokens + "]: " + defaultNewTokens);
    }
    if (maxGenerations < 1) {
      throw new IllegalArgumentException("maxGenerations must be >= 1: " + maxGenerations);
    }
    if (stepSlots < 1) {
      throw new IllegalArgumentException("stepSlots must be >= 1: " + stepSlots);
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be > 0: " + timeout);
    }
  }

  /**
   * The service's limits for {@code runners} step slots: at most {@code maxNewTokens} new tokens
   * (32 by default), four generations per slot, and {@code timeout}.
   */
  public static GenerationOptions of(int maxNewTokens, int runners, Duration timeout) {
    return new GenerationOptions(
        maxNewTokens, Math.min(32, maxNewTokens), 4 * runners, runners, timeout);
  }

  public GenerationOptions withMaxGenerations(int value) {
    return new GenerationOptions(maxNewTokens, defaultNewTokens, value, stepSlots, timeout);
  }

  public GenerationOptions withStepSlots(int value) {
    return new GenerationOptions(maxNewTokens, defaultNewTokens, maxGenerations, value, timeout);
  }
}
