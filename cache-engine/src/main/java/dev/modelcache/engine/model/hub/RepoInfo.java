package dev.modelcache.engine.model.hub;

import java.util.List;

/**
 * A Hub repository at one commit.
 *
 * @param commit the full commit hash ({@code sha})
 * @param files every file of the repository at that commit that may be fetched
 * @param skipped the files listed that are never fetched, each with the reason, for messages
 */
record RepoInfo(String commit, List<RepoFile> files, List<Skipped> skipped) {
  RepoInfo {
    files = List.copyOf(files);
    skipped = List.copyOf(skipped);
  }

  /** A listed file left out, and why: {@code ../x.onnx (unsafe path)}. */
  record Skipped(String path, String reason) {
    @Override
    public String toString() {
      return path + " (" + reason + ")";
    }
  }
}
