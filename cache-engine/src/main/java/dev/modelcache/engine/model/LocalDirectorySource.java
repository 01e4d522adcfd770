package dev.modelcache.engine.model;

import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.ModelId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A folder of models in Hugging Face layout, one sub-folder per model name and {@code org/name}
 * nested: {@code root/spam-detector/model.onnx}, {@code
 * root/sentence-transformers/all-MiniLM-L6-v2/onnx/model.onnx}. Revisions are not supported: a
 * local folder holds one version of each model, so {@code name@rev} is not found here, and neither
 * is a registry name ({@code models:/...}).
 *
 * <p>Thread-safe; reads the file system on every call, so models copied in later are seen.
 */
public final class LocalDirectorySource implements ModelSource {
  private final Path root;

  public LocalDirectorySource(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public Optional<ModelFiles> locate(ModelId id) {
    if (id.isRegistry() || id.revision().isPresent()) {
      return Optional.empty();
    }
    Path directory = root;
    for (String segment : id.pathSegments()) {
      directory = directory.resolve(segment);
    }
    directory = directory.normalize();
    if (!directory.startsWith(root) || directory.equals(root)) {
      // ModelId already forbids this; a second check costs nothing.
      throw new IllegalStateException("model path escapes the model directory: " + id);
    }
    if (id.namespace().isPresent() && isModel(root.resolve(id.namespace().get()))) {
      // A folder that is a model is not an organisation: "flat/onnx" is part of model "flat".
      return Optional.empty();
    }
    return Files.isDirectory(directory) ? ModelFiles.in(id, directory) : Optional.empty();
  }

  @Override
  public List<ModelId> available() {
    List<ModelId> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (Stream<Path> first = Files.list(root)) {
      for (Path level1 : (Iterable<Path>) first::iterator) {
        if (!Files.isDirectory(level1)) {
          continue;
        }
        if (addIfModel(found, root.relativize(level1))) {
          continue; // its sub-folders (onnx/) belong to it
        }
        try (Stream<Path> second = Files.list(level1)) {
          second.filter(Files::isDirectory).forEach(l2 -> addIfModel(found, root.relativize(l2)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model directory " + root, e);
    }
    found.sort(null);
    return found;
  }

  @Override
  public String describe() {
    return "local:" + root;
  }

  /** Adds the folder as a model if it holds one and its path is a valid name; says if it did. */
  private boolean addIfModel(List<ModelId> found, Path relative) {
    if (!isModel(root.resolve(relative))) {
      return false;
    }
    String name = relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    try {
      found.add(ModelId.of(name));
    } catch (InvalidInputException notAName) {
      // A folder such as "my model" cannot be asked for, so it is not listed.
    }
    return true;
  }

  private static boolean isModel(Path directory) {
    return ModelFiles.graphIn(directory) != null;
  }
}
