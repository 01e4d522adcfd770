package dev.modelcache.engine.model.mlflow;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.model.download.AtomicFiles;
import dev.modelcache.engine.model.download.Hashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The local copy of downloaded model versions: {@code {root}/{name}/{version}/} holds a version's
 * files and its {@value #MANIFEST}; {@code {root}/{name}/.{version}.incomplete/} is a download in
 * progress, renamed to the version folder only when complete; {@code {root}/{name}/.{version}.lock}
 * keeps two processes from downloading one version at once; {@code {root}/{name}/aliases/{alias}}
 * remembers the version an alias last resolved to. Names and versions come from a validated {@link
 * ModelId}, so every path stays under {@code root}. Thread-safe (stateless apart from root).
 */
final class MlflowCache {
  static final String MANIFEST = ".model-cache-manifest.json";

  private final Path root;

  MlflowCache(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  Path versionDir(String name, int version) {
    return root.resolve(name).resolve(Integer.toString(version));
  }

  Path incompleteDir(String name, int version) {
    return root.resolve(name).resolve("." + version + ".incomplete");
  }

  Path lockFile(String name, int version) {
    return root.resolve(name).resolve("." + version + ".lock");
  }

  /** The manifest of a complete copy, if there is a readable one. */
  Optional<ArtifactManifest> manifest(Path versionDir) {
    Path file = versionDir.resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(ArtifactManifest.fromJson(Files.readString(file, StandardCharsets.UTF_8)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * What is wrong with a copy, or null if nothing: every file must have its recorded size, and with
   * {@code hashes} also its recorded SHA-256.
   */
  String problem(Path versionDir, ArtifactManifest manifest, boolean hashes) {
    try {
      for (Map.Entry<String, ArtifactManifest.Entry> e : manifest.files().entrySet()) {
        Path file = versionDir.resolve(e.getKey());
        if (!Files.isRegularFile(file)) {
          return e.getKey() + " is missing";
        }
        if (Files.size(file) != e.getValue().size()) {
          return e.getKey() + " has " + Files.size(file) + " bytes, not " + e.getValue().size();
        }
        if (hashes && !Hashes.sha256Of(file).equals(e.getValue().sha256())) {
          return e.getKey() + " does not match its recorded SHA-256";
        }
      }
      return null;
    } catch (IOException e) {
      return "cannot read it: " + e.getMessage();
    }
  }

  /** Moves a finished download into place, replacing a damaged copy if one is there. */
  void publish(Path incomplete, Path versionDir) throws IOException {
    discard(versionDir);
    Files.move(incomplete, versionDir, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes a copy: renamed aside first, so no reader sees it half deleted. */
  void discard(Path versionDir) throws IOException {
    if (!Files.exists(versionDir)) {
      return;
    }
    Path aside =
        versionDir.resolveSibling(
            "."
                + versionDir.getFileName()
                + ".discarded-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    Files.move(versionDir, aside, StandardCopyOption.ATOMIC_MOVE);
    AtomicFiles.deleteTree(aside);
  }

  /** The version an alias last resolved to, if remembered. */
  Optional<Integer> rememberedAlias(String name, String alias) {
    Path file = root.resolve(name).resolve("aliases").resolve(alias);
    try {
      return Files.isRegularFile(file)
          ? Optional.of(Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).trim()))
          : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  void rememberAlias(String name, String alias, int version) throws IOException {
    AtomicFiles.writeString(
        root.resolve(name).resolve("aliases").resolve(alias), Integer.toString(version));
  }

  /** Every version with a manifest, as {@code models:/name/version}, sorted. */
  List<ModelId> available() {
    List<ModelId> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (Stream<Path> names = Files.list(root)) {
      for (Path name : (Iterable<Path>) names.filter(Files::isDirectory)::iterator) {
        try (Stream<Path> versions = Files.list(name)) {
          versions
              .filter(v -> Files.isRegularFile(v.resolve(MANIFEST)))
              .forEach(v -> add(found, name.getFileName() + "/" + v.getFileName()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the MLflow cache " + root, e);
    }
    found.sort(null);
    return found;
  }

  private static void add(List<ModelId> found, String nameAndVersion) {
    try {
      found.add(ModelId.of(ModelId.REGISTRY_PREFIX + nameAndVersion));
    } catch (RuntimeException notAName) {
      // A folder this service did not write; skip it.
    }
  }
}
