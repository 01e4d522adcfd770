package dev.modelcache.engine.model.hub;

import java.util.List;

/**
 * A Hub repository at one commit.
 *
 * @param commit the full commit hash ({@code sha})
 * @param files every file of the repository at that commit
 */
record RepoInfo(String commit, List<RepoFile> files) {
  RepoInfo {
    files = List.copyOf(files);
  }
}
