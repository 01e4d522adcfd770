package dev.modelcache.service.cluster;

import java.util.List;

/** Member states for tests. */
final class Members {
  private Members() {}

  /** A member with room for {@code maxModels} models of 100 MB, holding {@code loaded}. */
  static MemberState member(String id, int queued, String... loaded) {
    return new MemberState(
        id,
        "http://" + id + ":8003",
        List.of(loaded),
        List.of(),
        2,
        1000,
        100.0 * loaded.length,
        queued,
        0);
  }
}
