package dev.modelcache.engine.generation;

import dev.modelcache.api.ModelId;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What to generate.
 *
 * @param model the model
 * @param prompt the text to continue (decoder-only) or to transform (encoder-decoder); not blank
 * @param maxNewTokens the most tokens to generate; empty for the service's default ({@link
 *     GenerationOptions#defaultNewTokens()})
 * @param sampling greedy or random draws
 */
public record GenerationRequest(
    ModelId model, String prompt, OptionalInt maxNewTokens, Sampling sampling) {

  public GenerationRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(maxNewTokens, "maxNewTokens");
    Objects.requireNonNull(sampling, "sampling");
  }

  /** Greedy, up to {@code maxNewTokens}. */
  public static GenerationRequest greedy(ModelId model, String prompt, int maxNewTokens) {
    return new GenerationRequest(model, prompt, OptionalInt.of(maxNewTokens), Sampling.greedy());
  }
}
