package dev.modelcache.engine.model.hub;

import dev.modelcache.engine.model.download.Expected;
import java.util.Optional;

/**
 * One file of a Hub repository at a commit, as the model-info route lists it ({@code siblings[]}).
 *
 * @param path the path in the repository ({@code rfilename}), {@code /}-separated
 * @param size its size in bytes ({@code lfs.size}, else {@code size})
 * @param blobId the git blob SHA-1 ({@code blobId}); for an LFS file, that of its pointer
 * @param lfsSha256 the SHA-256 of an LFS file's content ({@code lfs.sha256}); empty for git files
 */
record RepoFile(String path, long size, String blobId, Optional<String> lfsSha256) {

  /** The name huggingface_hub gives the file's blob: the LFS SHA-256, else the git blob SHA-1. */
  String etag() {
    return lfsSha256.orElse(blobId);
  }

  /** Size and hash the downloaded bytes must have. */
  Expected expected() {
    return lfsSha256.isPresent()
        ? new Expected(size, lfsSha256, Optional.empty())
        : new Expected(size, Optional.empty(), Optional.of(blobId));
  }

  /** The file's name without folders. */
  String fileName() {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
