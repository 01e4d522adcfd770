package dev.modelcache.engine.model;

import dev.modelcache.api.ModelId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The files of one model in Hugging Face layout: the ONNX graph ({@code model.onnx} or {@code
 * onnx/model.onnx}), {@code tokenizer.json}, and {@code config.json} when present.
 *
 * @param id the model
 * @param directory the model's folder
 * @param onnx the ONNX graph
 * @param tokenizer the Hugging Face {@code tokenizer.json}
 * @param config the {@code config.json}, if the folder has one
 */
public record ModelFiles(
    ModelId id, Path directory, Path onnx, Path tokenizer, Optional<Path> config) {

  public ModelFiles {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(onnx, "onnx");
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(config, "config");
  }

  /**
   * Finds the files of a model in {@code directory}, or empty if the folder holds no ONNX graph. A
   * missing tokenizer is reported when the model is loaded, not here.
   */
  public static Optional<ModelFiles> in(ModelId id, Path directory) {
    return in(id, directory, GraphChoice.standard());
  }

  /** As {@link #in(ModelId, Path)}, choosing the graph by {@code choice}. */
  public static Optional<ModelFiles> in(ModelId id, Path directory, GraphChoice choice) {
    Path onnx = choice.in(directory);
    if (onnx == null) {
      return Optional.empty();
    }
    Path config = directory.resolve("config.json");
    return Optional.of(
        new ModelFiles(
            id,
            directory,
            onnx,
            directory.resolve("tokenizer.json"),
            Files.isRegularFile(config) ? Optional.of(config) : Optional.empty()));
  }

  /** Size of the ONNX graph plus the tokenizer, in bytes: what loading must at least read. */
  public long bytesOnDisk() {
    return size(onnx) + size(tokenizer);
  }

  /** Size of the ONNX graph in bytes. */
  public long onnxBytes() {
    return size(onnx);
  }

  static long size(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The ONNX graph of a model folder ({@code model.onnx}, else {@code onnx/model.onnx}), or null.
   */
  static Path graphIn(Path directory) {
    return GraphChoice.standard().in(directory);
  }
}
