package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;

/**
 * {@code POST /generate}: a prompt for a text generation model. Fields other than {@code text} and
 * {@code model_name} may be left out.
 *
 * @param text the prompt: continued by a decoder (GPT-2), transformed by an encoder-decoder (T5,
 *     BART)
 * @param modelName a model name: {@code name}, {@code org/name} or {@code org/name@revision}
 * @param maxNewTokens the most tokens to generate, 1 to {@code MAX_NEW_TOKENS}; default 32 (or
 *     {@code MAX_NEW_TOKENS} if smaller)
 * @param temperature 0 or absent: greedy (the most likely token each time); above 0 (at most 100):
 *     sampling from the softmax of the logits divided by it
 * @param topP with sampling, draw only among the most likely tokens whose probabilities add up to
 *     this, in {@code (0, 1]}; default 1
 * @param seed with sampling, the random generator's seed: the same request with the same seed gives
 *     the same text. Without one the service draws a seed and reports it
 */
public record GenerateRequest(
    @JsonbProperty("text") String text,
    @JsonbProperty("model_name") String modelName,
    @JsonbProperty("max_new_tokens") Integer maxNewTokens,
    @JsonbProperty("temperature") Double temperature,
    @JsonbProperty("top_p") Double topP,
    @JsonbProperty("seed") Long seed) {

  /** Greedy generation of at most {@code maxNewTokens}. */
  public static GenerateRequest greedy(String text, String modelName, int maxNewTokens) {
    return new GenerateRequest(text, modelName, maxNewTokens, null, null, null);
  }
}
