package dev.modelcache.engine.model.hub;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.model.HuggingFaceCacheSource;
import dev.modelcache.engine.model.download.AtomicFiles;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes one repository into a cache exactly as {@code huggingface_hub} does: blobs named by etag
 * under {@code blobs/}, downloaded as {@code blobs/{etag}.incomplete}; {@code
 * snapshots/{commit}/{path}} as relative links into {@code blobs/} (a copy where the file system
 * has no links); {@code refs/{revision}} holding the commit; lock files under {@code
 * .locks/models--org--name/{etag}.lock}. Stateless apart from paths; thread-safe.
 */
final class HubCacheWriter {
  private final Path repo;
  private final Path locks;

  HubCacheWriter(Path cacheRoot, String folderName) {
    this.repo = cacheRoot.resolve(folderName);
    this.locks = cacheRoot.resolve(".locks").resolve(folderName);
  }

  static HubCacheWriter of(HuggingFaceCacheSource cache, ModelId id) {
    return new HubCacheWriter(cache.root(), HuggingFaceCacheSource.folderName(id));
  }

  Path blob(String etag) {
    return repo.resolve("blobs").resolve(etag);
  }

  Path incomplete(String etag) {
    return repo.resolve("blobs").resolve(etag + ".incomplete");
  }

  Path lockFile(String etag) {
    return locks.resolve(etag + ".lock");
  }

  Path snapshot(String commit) {
    return repo.resolve("snapshots").resolve(commit);
  }

  /** Makes {@code snapshots/{commit}/{path}} point at the blob, replacing what was there. */
  void link(String commit, String path, String etag) throws IOException {
    Path file = snapshot(commit).resolve(path);
    Files.createDirectories(file.getParent());
    Path blob = blob(etag);
    Path target = file.getParent().relativize(blob);
    if (Files.isSymbolicLink(file) && Files.readSymbolicLink(file).equals(target)) {
      return;
    }
    Files.deleteIfExists(file);
    try {
      Files.createSymbolicLink(file, target);
    } catch (UnsupportedOperationException | FileSystemException noLinks) {
      Path temp = file.resolveSibling(file.getFileName() + ".incomplete");
      Files.copy(blob, temp, StandardCopyOption.REPLACE_EXISTING);
      AtomicFiles.move(temp, file);
    }
  }

  /** Writes {@code refs/{revision}} atomically; huggingface_hub writes no ref for a commit hash. */
  void writeRef(String revision, String commit) throws IOException {
    Path ref = repo.resolve("refs").resolve(revision);
    if (Files.isRegularFile(ref, LinkOption.NOFOLLOW_LINKS)
        && Files.readString(ref).trim().equals(commit)) {
      return;
    }
    AtomicFiles.writeString(ref, commit);
  }
}
