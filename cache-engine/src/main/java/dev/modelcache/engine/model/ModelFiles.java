package dev.modelcache.engine.model;

import dev.modelcache.api.ModelId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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

  /**
   * An identity of this version of the model's files: a SHA-256 (hex, 16 characters) of its {@code
   * SHA256SUMS} manifest when the folder has one (the files' contents), else of the names, sizes
   * and modification times of the graph, the tokenizer and the config. Any change of the files
   * changes it; copies of the same files on other hosts share it when they have the manifest, or
   * the same modification times. Reads metadata and at most the manifest: cheap.
   */
  public String identity() {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      Path manifest = directory.resolve("SHA256SUMS");
      if (Files.isRegularFile(manifest)) {
        sha.update(Files.readAllBytes(manifest));
      } else {
        List<Path> files = new ArrayList<>(List.of(onnx, tokenizer));
        config.ifPresent(files::add);
        for (Path file : files) {
          String line =
              directory.relativize(file)
                  + " "
                  + size(file)
                  + " "
                  + (Files.isRegularFile(file) ? Files.getLastModifiedTime(file).toMillis() : 0)
                  + "\n";
          sha.update(line.getBytes(StandardCharsets.UTF_8));
        }
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
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
