package dev.modelcache.service.cluster;

import dev.modelcache.api.rest.ClusterInfo;
import dev.modelcache.api.rest.ClusterMemberInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The cluster as {@code /stats} and {@code /models} show it, from the grid's data. Stateless. */
final class ClusterView {
  private ClusterView() {}

  /**
   * The view of the live members only.
   *
   * @param live the grid's live members
   * @param states the published member states (departed members may linger)
   * @param claims model to claimant
   * @param now this member's clock, in milliseconds since the epoch
   */
  static ClusterInfo of(
      String self,
      Set<String> live,
      Collection<MemberState> states,
      Map<String, String> claims,
      long now) {
    List<ClusterMemberInfo> members = new ArrayList<>();
    Map<String, List<String>> placement = new TreeMap<>();
    Map<String, MemberState> byId = new TreeMap<>();
    for (MemberState m : states) {
      if (!live.contains(m.id())) {
        continue;
      }
      byId.put(m.id(), m);
      members.add(
          new ClusterMemberInfo(
              m.name(),
              m.url(),
              m.loaded(),
              m.loading(),
              m.maxModels(),
              m.usedMb(),
              m.budgetMb(),
              m.queuedTexts(),
              Math.max(0, now - m.updatedMillis())));
      for (String model : m.loaded()) {
        placement.computeIfAbsent(model, k -> new ArrayList<>()).add(m.name());
      }
    }
    members.sort((a, b) -> a.name().compareTo(b.name()));
    placement.values().forEach(holders -> holders.sort(String::compareTo));
    Map<String, Integer> copies = new TreeMap<>();
    placement.forEach((model, holders) -> copies.put(model, holders.size()));
    Map<String, String> loading = new TreeMap<>();
    claims.forEach(
        (model, member) -> {
          MemberState m = byId.get(member);
          if (m != null && !m.holds(model)) {
            loading.put(model, m.name());
          }
        });
    return new ClusterInfo(self, members, placement, copies, loading);
  }
}
