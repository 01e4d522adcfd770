package dev.modelcache.engine.generation;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What decoding needs from a model's {@code config.json} and {@code generation_config.json} (the
 * latter wins where both set a field, as in {@code transformers}). Immutable.
 *
 * @param architectures e.g. {@code ["GPT2LMHeadModel"]}; empty if unknown
 * @param encoderDecoder {@code is_encoder_decoder}
 * @param decoderStartTokenId the first decoder token of an encoder-decoder ({@code
 *     decoder_start_token_id}); empty for a decoder-only model
 * @param eosTokenIds {@code eos_token_id} (a number or a list); generation stops at any of them
 * @param forcedBosTokenId {@code forced_bos_token_id}: an encoder-decoder's first generated token
 * @param forcedEosTokenId {@code forced_eos_token_id}: the token forced at the last allowed step
 * @param maxPositions the longest sequence the decoder takes ({@code n_positions} or {@code
 *     max_position_embeddings}); empty if the model has no limit (T5's relative positions)
 */
public record GenerationConfig(
    List<String> architectures,
    boolean encoderDecoder,
    OptionalLong decoderStartTokenId,
    Set<Long> eosTokenIds,
    OptionalLong forcedBosTokenId,
    OptionalLong forcedEosTokenId,
    OptionalInt maxPositions) {

  /** Architecture name endings of models that generate text. */
  private static final List<String> GENERATIVE =
      List.of("LMHeadModel", "ForCausalLM", "ForConditionalGeneration");

  public GenerationConfig {
    architectures = List.copyOf(architectures);
    eosTokenIds = Set.copyOf(eosTokenIds);
  }

  /**
   * Reads {@code config.json} and, if present, {@code generation_config.json} of a model folder.
   *
   * @throws IOException if a file cannot be read
   * @throws IllegalArgumentException if a file is not a JSON object or a field has the wrong type
   */
  public static GenerationConfig read(Path folder) throws IOException {
    JsonObject config = object(folder.resolve("config.json"));
    JsonObject merged = config.deepCopy();
    Path generation = folder.resolve("generation_config.json");
    if (Files.isRegularFile(generation)) {
      object(generation).entrySet().forEach(e -> merged.add(e.getKey(), e.getValue()));
    }
    List<String> architectures =
        config.has("architectures") && config.get("architectures").isJsonArray()
            ? config.getAsJsonArray("architectures").asList().stream()
                .map(JsonElement::getAsString)
                .toList()
            : List.of();
    boolean encoderDecoder =
        merged.has("is_encoder_decoder") && merged.get("is_encoder_decoder").getAsBoolean();
    OptionalInt maxPositions = integer(config, "n_positions");
    if (maxPositions.isEmpty()) {
      maxPositions = integer(config, "max_position_embeddings");
    }
    return new GenerationConfig(
        architectures,
        encoderDecoder,
        tokenId(merged, "decoder_start_token_id"),
        tokenIds(merged, "eos_token_id"),
        tokenId(merged, "forced_bos_token_id"),
        tokenId(merged, "forced_eos_token_id"),
        maxPositions);
  }

  /** Whether {@code config.json} in the folder names an architecture that generates text. */
  static boolean namesAGenerator(Path folder) {
    Path file = folder.resolve("config.json");
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try {
      JsonElement architectures = object(file).get("architectures");
      return architectures != null
          && architectures.isJsonArray()
          && architectures.getAsJsonArray().asList().stream()
              .filter(JsonElement::isJsonPrimitive)
              .map(JsonElement::getAsString)
              .anyMatch(a -> GENERATIVE.stream().anyMatch(a::endsWith));
    } catch (IOException | RuntimeException unreadable) {
      return false; // the loader reports a broken config.json when it reads it
    }
  }

  /** Whether {@code token} ends a sequence. */
  public boolean isEos(long token) {
    return eosTokenIds.contains(token);
  }

  private static OptionalLong tokenId(JsonObject json, String field) {
    JsonElement value = json.get(field);
    if (value == null || value.isJsonNull()) {
      return OptionalLong.empty();
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
      throw new IllegalArgumentException(field + " must be a token id: " + value);
    }
    return OptionalLong.of(value.getAsLong());
  }

  private static Set<Long> tokenIds(JsonObject json, String field) {
    JsonElement value = json.get(field);
    Set<Long> ids = new LinkedHashSet<>();
    if (value == null || value.isJsonNull()) {
      return ids;
    }
    if (value.isJsonArray()) {
      for (JsonElement id : value.getAsJsonArray()) {
        ids.add(id.getAsLong());
      }
    } else {
      tokenId(json, field).ifPresent(ids::add);
    }
    return ids;
  }

  private static OptionalInt integer(JsonObject json, String field) {
    JsonElement value = json.get(field);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
        ? OptionalInt.of(value.getAsInt())
        : OptionalInt.empty();
  }

  private static JsonObject object(Path file) throws IOException {
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
