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
import java.util.Set;

/**
 * How an encoder's token vectors become one sentence embedding, as a sentence-transformers model
 * folder says: {@code modules.json} lists the steps after the transformer; its {@code Pooling}
 * step's {@code config.json} (usually {@code 1_Pooling/config.json}) names the pooling modes, and a
 * {@code Normalize} step asks for L2 normalisation. Several modes are concatenated in
 * sentence-transformers' order (the order of {@link Mode}).
 *
 * <p>A folder without {@code modules.json} is a plain encoder: it gets this service's default, the
 * mean of the token vectors, L2-normalised ({@link #DEFAULT}). Immutable.
 *
 * @param modes the pooling modes, at least one, in concatenation order
 * @param normalize whether the pooled vector is L2-normalised
 * @param unsupportedSteps steps of {@code modules.json} this engine cannot run (a {@code Dense}
 *     projection, say), as {@code "path (type)"}; the model is usable only if its graph already
 *     outputs the finished {@code sentence_embedding}
 */
public record PoolingConfig(List<Mode> modes, boolean normalize, List<String> unsupportedSteps) {

  /** Pooling modes, in the order sentence-transformers concatenates them. */
  public enum Mode {
    /** The first token's vector ({@code [CLS]}, {@code <s>}). */
    CLS("pooling_mode_cls_token"),
    /** The elementwise maximum over the text's tokens. */
    MAX("pooling_mode_max_tokens"),
    /** The mean over the text's tokens. */
    MEAN("pooling_mode_mean_tokens"),
    /** The sum over the text's tokens divided by the square root of their number. */
    MEAN_SQRT_LEN("pooling_mode_mean_sqrt_len_tokens"),
    /** The mean weighted by position (1, 2, ..., n), as SGPT does. */
    WEIGHTED_MEAN("pooling_mode_weightedmean_tokens"),
    /** The last token's vector (decoder embedding models). */
    LAST_TOKEN("pooling_mode_lasttoken");

    private final String field;

    Mode(String field) {
      this.field = field;
    }

    /** Its key in {@code 1_Pooling/config.json}. */
    public String field() {
      return field;
    }
  }

  /** Mean pooling, normalised: what the service does for an encoder without modules.json. */
  public static final PoolingConfig DEFAULT =
      new PoolingConfig(List.of(Mode.MEAN), true, List.of());

  private static final String PREFIX = "sentence_transformers.models.";
  private static final Set<String> IGNORED = Set.of("Transformer", "Normalize", "Pooling");

  public PoolingConfig {
    modes = List.copyOf(modes);
    unsupportedSteps = List.copyOf(unsupportedSteps);
    if (modes.isEmpty()) {
      throw new IllegalArgumentException("at least one pooling mode is needed");
    }
  }

  /**
   * Reads {@code modules.json} and its pooling step in a model folder.
   *
   * @throws IOException if a file cannot be read
   * @throws IllegalArgumentException if a file is not valid JSON, the Pooling step has no config or
   *     names no mode, or there is no Pooling step
   */
  public static PoolingConfig read(Path directory) throws IOException {
    Path modulesFile = directory.resolve("modules.json");
    if (!Files.isRegularFile(modulesFile)) {
      return DEFAULT;
    }
    JsonElement modules = parse(modulesFile);
    if (!modules.isJsonArray()) {
      throw new IllegalArgumentException("modules.json is not a JSON array");
    }
    List<Mode> modes = null;
    boolean normalize = false;
    List<String> unsupported = new ArrayList<>();
    for (JsonElement element : modules.getAsJsonArray()) {
      if (!element.isJsonObject()) {
        throw new IllegalArgumentException("modules.json holds a step that is not an object");
      }
      JsonObject module = element.getAsJsonObject();
      String type = string(module, "type");
      String path = string(module, "path");
      String step = type.startsWith(PREFIX) ? type.substring(PREFIX.length()) : type;
      if (step.equals("Pooling")) {
        modes = modes(directory.resolve(path).resolve("config.json"), path);
      } else if (step.equals("Normalize")) {
        normalize = true;
      } else if (!IGNORED.contains(step)) {
        unsupported.add((path.isEmpty() ? "." : path) + " (" + type + ")");
      }
    }
    if (modes == null) {
      throw new IllegalArgumentException(
          "modules.json has no sentence_transformers.models.Pooling step");
    }
    return new PoolingConfig(modes, normalize, unsupported);
  }

  private static List<Mode> modes(Path config, String path) throws IOException {
    if (!Files.isRegularFile(config)) {
      throw new IllegalArgumentException(
          "modules.json names a Pooling step in '" + path + "', which has no config.json");
    }
    JsonElement json = parse(config);
    if (!json.isJsonObject()) {
      throw new IllegalArgumentException(path + "/config.json is not a JSON object");
    }
    List<Mode> modes = new ArrayList<>();
    for (Mode mode : Mode.values()) {
      JsonElement on = json.getAsJsonObject().get(mode.field());
      if (on != null && on.isJsonPrimitive() && on.getAsBoolean()) {
        modes.add(mode);
      }
    }
    if (modes.isEmpty()) {
      throw new IllegalArgumentException(path + "/config.json turns on no pooling mode");
    }
    return modes;
  }

  private static String string(JsonObject module, String field) {
    JsonElement value = module.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : "";
  }

  private static JsonElement parse(Path file) throws IOException {
    try {
      return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException(
          file.getFileName() + " is not valid JSON: " + e.getMessage(), e);
    }
  }
}
