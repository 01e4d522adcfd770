package dev.modelcache.engine.model;

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
 * local folder holds one version of each model, so {@code name@rev} is not found here.
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
    if (id.revision().isPresent()) {
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
    return Files.isDirectory(directory) ? ModelFiles.in(id, directory) : Optional.empty();
  }

  @Override
  public List<ModelId> available() {
    List<ModelId> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (Stream<Path> first = Files.list(root)) {
      for (Path level1 : (Iterable<Path>) first.sorted()::iterator) {
        if (!Files.isDirectory(level1)) {
          continue;
        }
        addIfModel(found, root.relativize(level1));
        try (Stream<Path> second = Files.list(level1)) {
          second
              .filter(Files::isDirectory)
              .sorted()
              .forEach(l2 -> addIfModel(found, root.relativize(l2)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list model directory " + root, e);
    }
    return found;
  }

  @Override
  public String describe() {
    return "local:" + root;
  }

  private void addIfModel(List<ModelId> found, Path relative) {
    String name = relative.toString().replace(relative.getFileSystem().getSeparator(), "/");
    ModelId id;
    try {
      id = ModelId.of(name);
    } catch (IllegalArgumentException | dev.modelcache.api.InvalidInputException notAName) {
      return;
    }
    if (ModelFiles.in(id, root.resolve(relative)).isPresent()) {
      found.add(id);
    }
  }
}
