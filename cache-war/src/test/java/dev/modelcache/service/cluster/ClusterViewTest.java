package dev.modelcache.service.cluster;

import static dev.modelcache.service.cluster.Members.member;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelcache.api.rest.ClusterInfo;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClusterViewTest {
  @Test
  void departedMembersAreLeftOutAndCopiesCounted() {
    ClusterInfo info =
        ClusterView.of(
            "a:8003",
            Set.of("a", "b"),
            List.of(member("a", 0, "m", "n"), member("b", 3, "m"), member("gone", 0, "n", "x")),
            Map.of("p", "b", "m", "a", "q", "gone"),
            10);
    assertEquals(List.of("a:8003", "b:8003"), info.members().stream().map(m -> m.name()).toList());
    assertEquals(
        Map.of("m", List.of("a:8003", "b:8003"), "n", List.of("a:8003")), info.placement());
    assertEquals(Map.of("m", 2, "n", 1), info.copies());
    assertEquals(
        Map.of("p", "b:8003"),
        info.loading(),
        "a claim of a held model or a departed member is no load");
  }
}
