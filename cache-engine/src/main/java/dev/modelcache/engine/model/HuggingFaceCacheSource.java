package dev.modelcache.engine.model;

import dev.modelcache.api.ModelId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Hugging Face cache as Python's {@code huggingface_hub} writes it, read in place: {@code
 * root/models--{org}--{name}/refs/{revision}} holds a commit hash, and {@code snapshots/{commit}/}
 * holds the model's files (links into {@code blobs/}). A name without revision means {@code main};
 * a revision may also be a commit hash with a snapshot. Read-only: this source never downloads (the
 * Hub source in {@code model.hub} downloads into the same layout). Registry names ({@code
 * models:/...}) are never found here. Thread-safe.
 */
public final class HuggingFaceCacheSource implements ModelSource {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final String PREFIX = "models--";

  private final Path root;
  private final GraphChoice graphs;

  public HuggingFaceCacheSource(Path root) {
    this(root, GraphChoice.standard());
  }

  /** A cache read in place, choosing each snapshot's ONNX graph by {@code graphs}. */
  public HuggingFaceCacheSource(Path root, GraphChoice graphs) {
    this.root = root.toAbsolutePath().normalize();
    this.graphs = Objects.requireNonNull(graphs, "graphs");
  }

  /** The cache folder, absolute and normalised. */
  public Path root() {
    return root;
  }

  @Override
  public Optional<ModelFiles> locate(ModelId id) {
    if (id.isRegistry()) {
      return Optional.empty();
    }
    Path repo = root.resolve(folderName(id));
    if (!Files.isDirectory(repo)) {
      return Optional.empty();
    }
    String revision = id.revision().orElse("main");
    Optional<String> commit = readRef(repo.resolve("refs").resolve(revision));
    if (commit.isEmpty() && COMMIT.matcher(revision).matches()) {
      commit = Optional.of(revision);
    }
    return commit
        .map(c -> repo.resolve("snapshots").resolve(c))
        .filter(Files::isDirectory)
        .flatMap(snapshot -> ModelFiles.in(id, snapshot, graphs));
  }

  @Override
  public List<ModelId> available() {
    List<ModelId> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (Stream<Path> repos = Files.list(root)) {
      repos
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(PREFIX))
          .map(name -> name.substring(PREFIX.length()).replace("--", "/"))
          .forEach(
              name -> {
                try {
                  ModelId id = ModelId.of(name);
                  if (locate(id).isPresent()) {
                    found.add(id);
                  }
                } catch (RuntimeException notAModelName) {
                  // Not a name this service accepts; skip it.
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the Hugging Face cache " + root, e);
    }
    found.sort(null);
    return found;
  }

  @Override
  public String describe() {
    return "hf-cache:" + root;
  }

  /**
   * {@code models--org--name}: the folder name huggingface_hub uses for a model repository.
   *
   * @throws IllegalStateException for a registry name
   */
  public static String folderName(ModelId id) {
    return PREFIX + String.join("--", id.pathSegments());
  }

  private static Optional<String> readRef(Path ref) {
    try {
      if (!Files.isRegularFile(ref)) {
        return Optional.empty();
      }
      String commit = Files.readString(ref, StandardCharsets.US_ASCII).trim();
      return COMMIT.matcher(commit).matches() ? Optional.of(commit) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
