package dev.modelcache.engine.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a model's {@code config.json} (with {@code sentence_bert_config.json} and {@code
 * tokenizer_config.json}, if present) says that inference needs: its architectures and family, its
 * labels in index order, whether they are exclusive, how many tokens it accepts and its special
 * token ids.
 *
 * @param architectures e.g. {@code ["BertForSequenceClassification"]}; empty if unknown
 * @param modelType {@code model_type} in lower case, e.g. {@code "roberta"}; empty if unknown
 * @param labels label names by class index, from {@code id2label}; empty if none
 * @param multiLabel whether {@code problem_type} is {@code multi_label_classification}: each label
 *     is scored on its own (sigmoid) instead of all against each other (softmax)
 * @param maxPositions tokens per text the model takes, special tokens included: the smallest of
 *     {@code max_position_embeddings} (GPT-2's {@code n_positions}; for RoBERTa-style models less
 *     the {@code pad_token_id + 1} positions their numbering skips), sentence-transformers' {@code
 *     max_seq_length} and the tokenizer's {@code model_max_length}; empty if none says
 * @param padTokenId {@code pad_token_id}, the id padding must use; empty if unset
 * @param eosTokenId {@code eos_token_id}; empty if unset
 */
public record ModelConfig(
    List<String> architectures,
    String modelType,
    List<String> labels,
    boolean multiLabel,
    OptionalInt maxPositions,
    OptionalInt padTokenId,
    OptionalInt eosTokenId) {

  /** A config with nothing in it, for models that ship without {@code config.json}. */
  public static final ModelConfig EMPTY =
      new ModelConfig(
          List.of(),
          "",
          List.of(),
          false,
          OptionalInt.empty(),
          OptionalInt.empty(),
          OptionalInt.empty());

  /**
   * Families whose position numbering starts after the padding id ({@code padding_idx + 1}), so
   * that {@code max_position_embeddings} counts positions no token can have.
   */
  private static final Set<String> OFFSET_POSITIONS =
      Set.of("roberta", "xlm-roberta", "camembert", "longformer", "data2vec-text", "xmod");

  /** Decoder-only families: a sequence classifier finds each text's last token by padding. */
  private static final Set<String> DECODERS =
      Set.of(
          "gpt2",
          "gpt_neo",
          "gptj",
          "gpt_neox",
          "gpt_bigcode",
          "llama",
          "mistral",
          "mixtral",
          "opt",
          "bloom",
          "phi",
          "phi3",
          "qwen2",
          "gemma",
          "falcon",
          "codegen",
          "biogpt",
          "ctrl");

  /** Encoder-decoder families whose classifier reads the representation of the last eos token. */
  private static final Set<String> EOS_CLASSIFIERS =
      Set.of("bart", "mbart", "plbart", "mvp", "led", "bigbird_pegasus");

  /** {@code model_max_length} above this means "no limit" (transformers writes 1e30). */
  private static final BigDecimal NO_LIMIT = BigDecimal.valueOf(Integer.MAX_VALUE);

  public ModelConfig {
    architectures = List.copyOf(architectures);
    labels = List.copyOf(labels);
  }

  /**
   * Reads the config files of a model folder.
   *
   * @throws IOException if a file cannot be read
   * @throws IllegalArgumentException if a file is not valid JSON or {@code id2label} has gaps
   */
  public static ModelConfig read(ModelFiles files) throws IOException {
    if (files.config().isEmpty()) {
      return EMPTY;
    }
    JsonObject config = parse(files.config().get());
    List<String> architectures = new ArrayList<>();
    if (config.has("architectures") && config.get("architectures").isJsonArray()) {
      config.getAsJsonArray("architectures").forEach(a -> architectures.add(a.getAsString()));
    }
    String modelType =
        config.has("model_type") && config.get("model_type").isJsonPrimitive()
            ? config.get("model_type").getAsString().toLowerCase(Locale.ROOT)
            : "";
    OptionalInt padTokenId = intField(config, "pad_token_id");
    OptionalInt maxPositions = intField(config, "max_position_embeddings");
    if (maxPositions.isEmpty()) {
      maxPositions = intField(config, "n_positions");
    }
    if (maxPositions.isPresent() && OFFSET_POSITIONS.contains(modelType)) {
      maxPositions = OptionalInt.of(maxPositions.getAsInt() - padTokenId.orElse(1) - 1);
    }
    Path sentenceBert = files.directory().resolve("sentence_bert_config.json");
    if (Files.isRegularFile(sentenceBert)) {
      maxPositions = smaller(maxPositions, intField(parse(sentenceBert), "max_seq_length"));
    }
    Path tokenizerConfig = files.directory().resolve("tokenizer_config.json");
    if (Files.isRegularFile(tokenizerConfig)) {
      maxPositions = smaller(maxPositions, modelMaxLength(parse(tokenizerConfig)));
    }
    return new ModelConfig(
        architectures,
        modelType,
        labels(config),
        "multi_label_classification".equals(stringField(config, "problem_type")),
        maxPositions,
        padTokenId,
        intField(config, "eos_token_id"));
  }

  /** Whether the architectures name a sequence classifier. */
  public boolean isSequenceClassifier() {
    return architectures.stream().anyMatch(a -> a.endsWith("ForSequenceClassification"));
  }

  /** Whether the model is a decoder-only family (GPT-2 and its kind). */
  public boolean isDecoder() {
    return DECODERS.contains(modelType);
  }

  /**
   * Whether the model's classifier reads the representation of the last eos token of each text
   * (BART and its kind): such a graph gives wrong answers for a batch whose texts hold different
   * numbers of eos tokens.
   */
  public boolean classifiesAtEos() {
    return EOS_CLASSIFIERS.contains(modelType) && isSequenceClassifier();
  }

  /**
   * The label of a class index: from {@code id2label}, else {@code LABEL_i} as transformers does.
   */
  public String label(int index) {
    return index < labels.size() ? labels.get(index) : "LABEL_" + index;
  }

  private static List<String> labels(JsonObject config) {
    if (!config.has("id2label") || !config.get("id2label").isJsonObject()) {
      return List.of();
    }
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    for (Map.Entry<String, JsonElement> e : config.getAsJsonObject("id2label").entrySet()) {
      int index;
      try {
        index = Integer.parseInt(e.getKey());
      } catch (NumberFormatException notIndex) {
        throw new IllegalArgumentException("id2label key is not a class index: " + e.getKey());
      }
      JsonElement label = e.getValue();
      if (!label.isJsonPrimitive() || !label.getAsJsonPrimitive().isString()) {
        throw new IllegalArgumentException(
            "id2label[" + e.getKey() + "] is not a string: " + label);
      }
      if (byIndex.put(index, label.getAsString()) != null) {
        throw new IllegalArgumentException("id2label names class " + index + " twice");
      }
    }
    List<String> labels = new ArrayList<>(byIndex.size());
    for (Map.Entry<Integer, String> e : byIndex.entrySet()) {
      if (e.getKey() != labels.size()) {
        throw new IllegalArgumentException("id2label has no label for class " + labels.size());
      }
      labels.add(e.getValue());
    }
    return labels;
  }

  private static OptionalInt smaller(OptionalInt a, OptionalInt b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && b.getAsInt() < a.getAsInt() ? b : a;
  }

  /** {@code model_max_length} if it is a real limit: a positive number below "no limit". */
  private static OptionalInt modelMaxLength(JsonObject tokenizerConfig) {
    JsonElement value = tokenizerConfig.get("model_max_length");
    if (value == null
        || !value.isJsonPrimitive()
        || !value.getAsJsonPrimitive().isNumber()
        || value.getAsBigDecimal().compareTo(NO_LIMIT) >= 0
        || value.getAsBigDecimal().signum() <= 0) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(value.getAsBigDecimal().intValue());
  }

  private static String stringField(JsonObject json, String field) {
    JsonElement value = json.get(field);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
        ? value.getAsString()
        : null;
  }

  private static OptionalInt intField(JsonObject json, String field) {
    JsonElement value = json.get(field);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
        ? OptionalInt.of(value.getAsInt())
        : OptionalInt.empty();
  }

  private static JsonObject parse(Path file) throws IOException {
    try {
      JsonElement root = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
      if (!root.isJsonObject()) {
        throw new IllegalArgumentException(file.getFileName() + " is not a JSON object");
      }
      return root.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(
          file.getFileName() + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
