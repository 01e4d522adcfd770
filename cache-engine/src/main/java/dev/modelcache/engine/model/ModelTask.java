package dev.modelcache.engine.model;

/** What a model computes for a text. */
public enum ModelTask {
  /** {@code *ForSequenceClassification}: {@code logits} → softmax → labels and scores. */
  SEQUENCE_CLASSIFICATION,
  /** Encoder output ({@code last_hidden_state}) → masked mean pooling → L2-normalised vector. */
  FEATURE_EXTRACTION,
  /**
   * A decoder ({@code *LMHeadModel}, {@code *ForCausalLM}) or encoder-decoder ({@code
   * *ForConditionalGeneration}) in Optimum's layout: tokens generated one at a time ({@code
   * engine.generation}).
   */
  TEXT_GENERATION
}
