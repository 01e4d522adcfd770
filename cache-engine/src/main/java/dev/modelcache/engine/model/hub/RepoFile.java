package dev.modelcache.engine.model.hub;

import dev.modelcache.engine.model.download.Expected;
import java.util.Optional;

/**
 * One file of a Hub repository at a commit, as the model-info route lists it ({@code siblings[]}),
 * completed if need be from the file's own headers ({@link HubApi#withMetadata}).
 *
 * @param path the path in the repository ({@code rfilename}), {@code /}-separated, already checked
 *     to be safe as a file name
 * @param size its size in bytes ({@code lfs.size}, else {@code size}); -1 while unknown
 * @param blobId the git blob SHA-1 ({@code blobId}); for an LFS file, that of its pointer. Empty
 *     for an LFS file known only from its headers, and while unknown
 * @param lfsSha256 the SHA-256 of an LFS file's content ({@code lfs.sha256}); empty for git files
 */
record RepoFile(String path, long size, Optional<String> blobId, Optional<String> lfsSha256) {

  /** A file listed without the metadata to verify it: a server that lists no {@code blobId}. */
  static RepoFile listedOnly(String path) {
    return new RepoFile(path, -1, Optional.empty(), Optional.empty());
  }

  /** Whether size and a hash are known, so the file can be downloaded and verified. */
  boolean isVerifiable() {
    return size >= 0 && (lfsSha256.isPresent() || blobId.isPresent());
  }

  /**
   * The name huggingface_hub gives the file's blob: the LFS SHA-256, else the git blob SHA-1.
   *
   * @throws IllegalStateException if neither is known
   */
  String etag() {
    return lfsSha256.or(() -> blobId).orElseThrow(() -> new IllegalStateException(path));
  }

  /** Size and hash the downloaded bytes must have. */
  Expected expected() {
    return lfsSha256.isPresent()
        ? new Expected(size, lfsSha256, Optional.empty())
        : new Expected(size, Optional.empty(), blobId);
  }

  /** The file's name without folders. */
  String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
