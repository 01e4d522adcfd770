package dev.modelcache.engine.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which ONNX file of a model folder is its graph: an optional variant first, then {@code
 * model.onnx}, then {@code onnx/model.onnx}, then a text generation model's decoder ({@code
 * decoder_model_merged.onnx}, else {@code decoder_model.onnx}, else {@code
 * decoder_with_past_model.onnx}, each at the root or in {@code onnx/}). The one rule for local
 * folders, Hugging Face caches and downloads, so that a folder read in place and the same model
 * downloaded pick the same file.
 *
 * <p>A variant is either a short name such as {@code quantized} or {@code fp16}, meaning {@code
 * onnx/model_quantized.onnx} or {@code model_quantized.onnx} (the names Optimum and Transformers.js
 * exports use), or a relative path ending in {@code .onnx}. A missing variant falls back to the
 * standard files. Immutable and thread-safe.
 */
public final class GraphChoice {
  private static final List<String> STANDARD =
      List.of(
          "model.onnx",
          "onnx/model.onnx",
          // Text generation models as Optimum exports them; engine.generation finds the rest.
          "decoder_model_merged.onnx",
          "onnx/decoder_model_merged.onnx",
          "decoder_model.onnx",
          "onnx/decoder_model.onnx",
          // Alone it cannot start a sequence: found, so that its load says so.
          "decoder_with_past_model.onnx",
          "onnx/decoder_with_past_model.onnx");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final GraphChoice STANDARD_CHOICE = new GraphChoice(STANDARD, null);

  private final List<String> candidates;
  private final String variant;

  private GraphChoice(List<String> candidates, String variant) {
    this.candidates = List.copyOf(candidates);
    this.variant = variant;
  }

  /** {@code model.onnx}, else {@code onnx/model.onnx}, else a generation model's decoder. */
  public static GraphChoice standard() {
    return STANDARD_CHOICE;
  }

  /**
   * The variant's files first, then the standard ones.
   *
   * @param variant a name ({@code quantized}) or a relative path ending in {@code .onnx}
   * @throws IllegalArgumentException if the variant is empty, absolute, or contains {@code ..}
   */
  public static GraphChoice preferring(String variant) {
    List<String> first = new ArrayList<>();
    if (variant.endsWith(".onnx")) {
      for (String segment : variant.split("/", -1)) {
        if (!NAME.matcher(segment).matches() || segment.contains("..")) {
          throw new IllegalArgumentException(
              "ONNX variant path must be relative segments of letters, digits, '.', '_', '-': "
                  + variant);
        }
      }
      first.add(variant);
    } else {
      if (!NAME.matcher(variant).matches() || variant.contains("..")) {
        throw new IllegalArgumentException(
            "ONNX variant must be a name such as 'quantized' or a path ending in .onnx: "
                + variant);
      }
      first.add("onnx/model_" + variant + ".onnx");
      first.add("model_" + variant + ".onnx");
    }
    first.addAll(STANDARD);
    return new GraphChoice(first, variant);
  }

  /** Relative paths ({@code /}-separated) in order of preference; never empty. */
  public List<String> candidates() {
    return candidates;
  }

  /** The configured variant, if any. */
  public Optional<String> variant() {
    return Optional.ofNullable(variant);
  }

  /** The preferred graph among a listing of relative paths, if any is there. */
  public Optional<String> pick(Collection<String> files) {
    return candidates.stream().filter(files::contains).findFirst();
  }

  /** The preferred graph that exists as a file (links followed) in {@code directory}, or null. */
  public Path in(Path directory) {
    for (String candidate : candidates) {
      Path file = directory.resolve(candidate);
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return String.join(", ", candidates);
  }
}
