package dev.modelcache.engine.model;

/** What a model computes for a text. */
public enum ModelTask {
  /**
   * {@code *ForSequenceClassification}: {@code logits} → softmax (a sigmoid per label for
   * multi-label models) → labels and scores; also the zero-shot classifier of an NLI model.
   */
  SEQUENCE_CLASSIFICATION,
  /**
   * Encoder output ({@code last_hidden_state}) → pooling over the attention mask as the model's
   * sentence-transformers files say (mean and L2 normalisation by default) → one vector.
   */
  FEATURE_EXTRACTION,
  /**
   * A decoder ({@code *LMHeadModel}, {@code *ForCausalLM}) or encoder-decoder ({@code
   * *ForConditionalGeneration}) in Optimum's layout: tokens generated one at a time ({@code
   * engine.generation}).
   */
  TEXT_GENERATION
}
