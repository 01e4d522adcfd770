package dev.modelcache.engine.model;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * What a model's {@code config.json} (and {@code sentence_bert_config.json}, if present) says that
 * inference needs: its architectures, its labels in index order, and how many tokens it accepts.
 *
 * @param architectures e.g. {@code ["BertForSequenceClassification"]}; empty if unknown
 * @param labels label names by class index, from {@code id2label}; empty if none
 * @param maxPositions {@code max_position_embeddings}, or the smaller {@code max_seq_length} of a
 *     sentence-transformers model; empty if unknown
 */
public record ModelConfig(
    List<String> architectures, List<String> labels, OptionalInt maxPositions) {

  /** A config with nothing in it, for models that ship without {@code config.json}. */
  public static final ModelConfig EMPTY =
      new ModelConfig(List.of(), List.of(), OptionalInt.empty());

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
    OptionalInt maxPositions = intField(config, "max_position_embeddings");
    Path sentenceBert = files.directory().resolve("sentence_bert_config.json");
    if (Files.isRegularFile(sentenceBert)) {
      OptionalInt maxSeq = intField(parse(sentenceBert), "max_seq_length");
      if (maxSeq.isPresent()
          && (maxPositions.isEmpty() || maxSeq.getAsInt() < maxPositions.getAsInt())) {
        maxPositions = maxSeq;
      }
    }
    return new ModelConfig(architectures, labels(config), maxPositions);
  }

  /** Whether the architectures name a sequence classifier. */
  public boolean isSequenceClassifier() {
    return architectures.stream().anyMatch(a -> a.endsWith("ForSequenceClassification"));
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
