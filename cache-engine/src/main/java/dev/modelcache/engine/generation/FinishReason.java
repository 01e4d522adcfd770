package dev.modelcache.engine.generation;

import java.util.Locale;

/** Why a sequence stopped. */
public enum FinishReason {
  /** The model produced an end-of-sequence token (it is the last of the generated tokens). */
  EOS,
  /**
   * The request's {@code max_new_tokens} were generated (the last one may be an end-of-sequence
   * token that the model's {@code forced_eos_token_id} forced there), or the sequence reached the
   * longest the model takes ({@code n_positions}, {@code max_position_embeddings}).
   */
  LENGTH;

  /** The name in answers: {@code eos}, {@code length}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
