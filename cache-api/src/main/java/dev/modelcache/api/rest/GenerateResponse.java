package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * {@code POST /generate}'s answer (and the {@code done} event of a streamed one).
 *
 * @param generatedText the generated text, special tokens left out; the prompt is not repeated
 * @param modelName the model that answered
 * @param tokenIds the generated token ids in order, including a final end-of-sequence token and an
 *     encoder-decoder's forced first token
 * @param promptTokens tokens of the prompt, special tokens included
 * @param generatedTokens how many tokens were generated (the length of {@code token_ids})
 * @param finishReason {@code eos} (the model ended the sequence) or {@code length} ({@code
 *     max_new_tokens}, or the longest sequence the model takes)
 * @param seed the seed of a sampled answer, as sent or drawn by the service; absent for greedy
 * @param processingTimeMs time spent in the service, model load and every step included
 * @param cached whether the model was already loaded when the request arrived
 */
@JsonbPropertyOrder({
  "generatedText",
  "modelName",
  "tokenIds",
  "promptTokens",
  "generatedTokens",
  "finishReason",
  "seed",
  "processingTimeMs",
  "cached"
})
public record GenerateResponse(
    @JsonbProperty("generated_text") String generatedText,
    @JsonbProperty("model_name") String modelName,
    @JsonbProperty("token_ids") long[] tokenIds,
    @JsonbProperty("prompt_tokens") int promptTokens,
    @JsonbProperty("generated_tokens") int generatedTokens,
    @JsonbProperty("finish_reason") String finishReason,
    @JsonbProperty("seed") Long seed,
    @JsonbProperty("processing_time_ms") double processingTimeMs,
    @JsonbProperty("cached") boolean cached) {}
