package dev.modelcache.engine.integrity;

import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.model.ModelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks a model folder against its {@code SHA256SUMS} manifest before anything in it is loaded.
 *
 * <p>When the folder has a manifest, every file in the folder (below it too, following links, the
 * manifest itself excepted) must be listed, and every listed file must exist and have the listed
 * SHA-256. That covers what the loader reads by name ({@code model.onnx}, {@code tokenizer.json},
 * {@code config.json}, {@code sentence_bert_config.json}) and what ONNX Runtime reads by itself
 * (external-data files named inside the graph). A folder without a manifest is loaded unchecked, or
 * refused when {@link #requireManifest()} is in force ({@code MODEL_CACHE_REQUIRE_MANIFEST}).
 *
 * <p>What it protects against: a file corrupted or truncated on disk or in transfer, and a file
 * swapped for another since the manifest was written. It cannot stop someone who can rewrite the
 * manifest too, nor a file changed between this check and the moment ONNX Runtime reads it; keep
 * model folders read-only to the service. Immutable and thread-safe; hashing runs on the caller's
 * thread and reads each file once.
 */
public final class ModelIntegrity {
  private static final int SHOWN_HEX = 12;

  private final boolean manifestRequired;

  private ModelIntegrity(boolean manifestRequired) {
    this.manifestRequired = manifestRequired;
  }

  /** Checks folders that have a manifest; loads folders without one unchecked. The default. */
  public static ModelIntegrity checkIfPresent() {
    return new ModelIntegrity(false);
  }

  /** Checks every folder, and refuses any folder that has no manifest. */
  public static ModelIntegrity requireManifest() {
    return new ModelIntegrity(true);
  }

  /** {@link #requireManifest()} if {@code required}, else {@link #checkIfPresent()}. */
  public static ModelIntegrity of(boolean required) {
    return required ? requireManifest() : checkIfPresent();
  }

  /** Whether a folder without a manifest is refused. */
  public boolean manifestRequired() {
    return manifestRequired;
  }

  /**
   * Verifies a model folder, or does nothing if it has no manifest and none is required.
   *
   * @throws ModelLoadException naming the file at fault, and for a mismatch the first 12 hex digits
   *     of both digests
   */
  public void verify(ModelFiles files) {
    ModelId id = files.id();
    Path directory = files.directory();
    Path manifestFile = directory.resolve(Manifest.FILE_NAME);
    if (!Files.isRegularFile(manifestFile)) {
      if (manifestRequired) {
        throw refused(
            id,
            "the model folder has no "
                + Manifest.FILE_NAME
                + " and MODEL_CACHE_REQUIRE_MANIFEST is true (tools/models/write-manifest.sh"
                + " writes one)");
      }
      return;
    }
    try {
      Manifest manifest;
      try {
        manifest = Manifest.parse(Files.readAllLines(manifestFile, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw refused(id, e.getMessage());
      }
      for (String present : filesIn(directory)) {
        if (!manifest.digests().containsKey(present)) {
          throw refused(
              id,
              present
                  + " is not listed; every file in the model folder must be (tools/models/"
                  + "write-manifest.sh lists them all)");
        }
      }
      for (Map.Entry<String, String> listed : manifest.digests().entrySet()) {
        Path file = directory.resolve(listed.getKey());
        if (!Files.isRegularFile(file)) {
          throw refused(id, listed.getKey() + " is listed but is not in the model folder");
        }
        String actual = Sha256.of(file);
        if (!actual.equals(listed.getValue())) {
          throw refused(
              id,
              listed.getKey()
                  + " has sha256 "
                  + shown(actual)
                  + "..., the manifest says "
                  + shown(listed.getValue())
                  + "...");
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new ModelLoadException(
          id, Manifest.FILE_NAME + " check could not read the model folder: " + e.getMessage(), e);
    }
  }

  /** Relative paths ({@code /}-separated) of every regular file in the folder, but the manifest. */
  private static TreeSet<String> filesIn(Path directory) throws IOException {
    TreeSet<String> found = new TreeSet<>();
    try (Stream<Path> paths = Files.walk(directory, FileVisitOption.FOLLOW_LINKS)) {
      List<Path> regular = paths.filter(Files::isRegularFile).toList();
      for (Path path : regular) {
        String relative = directory.relativize(path).toString().replace('\\', '/');
        if (!relative.equals(Manifest.FILE_NAME)) {
          found.add(relative);
        }
      }
    }
    return found;
  }

  private static ModelLoadException refused(ModelId id, String reason) {
    return new ModelLoadException(id, Manifest.FILE_NAME + ": " + reason);
  }

  private static String shown(String hex) {
    return hex.substring(0, Math.min(SHOWN_HEX, hex.length()));
  }
}
