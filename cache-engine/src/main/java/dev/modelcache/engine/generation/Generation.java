package dev.modelcache.engine.generation;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A finished generation.
 *
 * @param text the generated text, special tokens left out (the prompt is not repeated)
 * @param tokenIds the generated token ids, in order, including a final end-of-sequence token and an
 *     encoder-decoder's forced first token; owned by this record, not to be modified
 * @param promptTokens tokens of the prompt, special tokens included
 * @param finishReason why it stopped
 * @param seed the seed of the random draws when sampling (as given, or drawn by the service); empty
 *     for greedy
 * @param modelWasLoaded whether the model was already loaded when the request arrived
 * @param nanos time in the engine, model load, waiting and every step included
 */
public record Generation(
    String text,
    long[] tokenIds,
    int promptTokens,
    FinishReason finishReason,
    OptionalLong seed,
    boolean modelWasLoaded,
    long nanos) {

  public Generation {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(tokenIds, "tokenIds");
    Objects.requireNonNull(finishReason, "finishReason");
    Objects.requireNonNull(seed, "seed");
  }

  /** How many tokens were generated. */
  public int generatedTokens() {
    return tokenIds.length;
  }
}
