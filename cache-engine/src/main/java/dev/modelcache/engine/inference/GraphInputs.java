package dev.modelcache.engine.inference;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.model.ModelConfig;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a text model's graph takes, found from the graph itself: always {@code input_ids} and {@code
 * attention_mask}; {@code token_type_ids} and {@code position_ids} only if the graph declares them
 * (Optimum exports RoBERTa, DistilBERT and DeBERTa-v3 without token types, GPT-2's feature
 * extraction with position ids). Padding uses the model's {@code pad_token_id}: GPT-2's classifier
 * finds each text's last token by it, RoBERTa numbers positions by it. Immutable.
 *
 * @param tokenTypes whether the graph takes {@code token_type_ids}
 * @param positions whether the graph takes {@code position_ids} (0, 1, 2, ... along each row)
 * @param padId the id that fills {@code input_ids} after a text's last token
 */
record GraphInputs(boolean tokenTypes, boolean positions, long padId) {
  static final String INPUT_IDS = "input_ids";
  static final String ATTENTION_MASK = "attention_mask";
  static final String TOKEN_TYPE_IDS = "token_type_ids";
  static final String POSITION_IDS = "position_ids";

  private static final List<String> PRODUCED =
      List.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS, POSITION_IDS);

  /**
   * The inputs of a graph, checked.
   *
   * @param names the graph's input names
   * @throws ModelLoadException if the graph needs an input this engine does not produce, lacks
   *     {@code input_ids} or {@code attention_mask}, or is a decoder's classifier without {@code
   *     pad_token_id}
   */
  static GraphInputs of(ModelId id, Collection<String> names, ModelConfig config) {
    Set<String> inputs = new TreeSet<>(names);
    for (String input : inputs) {
      if (!PRODUCED.contains(input)) {
        throw new ModelLoadException(
            id,
            "the graph needs input '"
                + input
                + "', which this engine does not produce for /predict (it produces "
                + String.join(", ", PRODUCED)
                + "); "
                + (input.startsWith("past_key_value")
                        || input.startsWith("decoder_")
                        || input.startsWith("encoder_")
                    ? "this is a text generator's graph: export the encoder or the classifier"
                    : "export the model with Optimum's standard inputs"));
      }
    }
    if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
      throw new ModelLoadException(
          id, "the graph must take input_ids and attention_mask; it takes " + inputs);
    }
    if (config.isDecoder() && config.isSequenceClassifier() && config.padTokenId().isEmpty()) {
      throw new ModelLoadException(
          id,
          "config.json sets no pad_token_id: a "
              + config.modelType()
              + " sequence classifier finds each text's last token by it (set it, usually to the"
              + " eos token id, as the model was trained)");
    }
    return new GraphInputs(
        inputs.contains(TOKEN_TYPE_IDS),
        inputs.contains(POSITION_IDS),
        config.padTokenId().orElse(0));
  }
}
