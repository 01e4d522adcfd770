package dev.modelcache.service.cluster;

import dev.modelcache.service.cluster.Route.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Decides where a prediction for a model runs, in this order:
 *
 * <ol>
 *   <li>loaded here: here;
 *   <li>loaded on other live members: the one with the shortest queue, unless even that queue holds
 *       {@code copyQueueTexts} or more, when this member loads a copy (a hot model);
 *   <li>claimed by a live member that is loading it: there (here if this member is the claimant);
 *   <li>nowhere: the member chosen by {@link Placement} (counting the models claimed for each
 *       member as taking room) is claimed for it in the grid with one atomic put-if-absent, and the
 *       request goes to whichever member holds the claim then. All members racing for a cold model
 *       agree on one claimant, whose own single-flight load makes it one load in the whole cluster.
 * </ol>
 *
 * Members that lately failed a forward ({@link Unreachable}) count as absent. Thread-safe; each
 * decision reads the replicated member states (local) and, for a model no member holds, one or two
 * grid operations on its claim.
 */
public final class Router {
  private final Grid grid;
  private final Predicate<String> loadedHere;
  private final Supplier<MemberState> selfState;
  private final Unreachable unreachable;
  private final int copyQueueTexts;
  private final Duration claimTtl;

  /**
   * @param loadedHere whether a model (by name) is loaded on this member now
   * @param selfState this member's current state, for placement
   * @param copyQueueTexts queued texts on every holder above which this member loads a copy
   * @param claimTtl how long a placement claim lasts unless released
   */
  Router(
      Grid grid,
      Predicate<String> loadedHere,
      Supplier<MemberState> selfState,
      Unreachable unreachable,
      int copyQueueTexts,
      Duration claimTtl) {
    this.grid = grid;
    this.loadedHere = loadedHere;
    this.selfState = selfState;
    this.unreachable = unreachable;
    this.copyQueueTexts = copyQueueTexts;
    this.claimTtl = claimTtl;
  }

  /** Where a request for {@code model} (a valid model name) runs. */
  public Route route(String model) {
    if (loadedHere.test(model)) {
      return Route.local(Reason.LOADED_HERE);
    }
    String self = grid.self();
    List<MemberState> others = reachableOthers(self);
    Optional<MemberState> holder =
        others.stream()
            .filter(m -> m.holds(model))
            .min(Comparator.comparingInt(MemberState::queuedTexts));
    if (holder.isPresent()) {
      return holder.get().queuedTexts() >= copyQueueTexts
          ? Route.local(Reason.HOT_COPY)
          : Route.forward(holder.get(), Reason.LOADED_ELSEWHERE);
    }
    Optional<String> claimant = grid.claimOf(model);
    if (claimant.isPresent()) {
      if (claimant.get().equals(self)) {
        return Route.local(Reason.PLACED_HERE);
      }
      Optional<MemberState> loading = find(others, claimant.get());
      if (loading.isPresent()) {
        return Route.forward(loading.get(), Reason.LOADING_ELSEWHERE);
      }
      // A claim of a member that left or does not answer: free it and place again.
      grid.release(model, claimant.get());
    }
    // Models placed on a member that it has not published yet count against its room.
    Map<String, List<String>> claimed = new HashMap<>();
    grid.claims()
        .forEach((m, member) -> claimed.computeIfAbsent(member, k -> new ArrayList<>()).add(m));
    List<MemberState> candidates = new ArrayList<>();
    for (MemberState m : others) {
      candidates.add(m.withClaims(claimed.getOrDefault(m.id(), List.of())));
    }
    candidates.add(selfState.get().withClaims(claimed.getOrDefault(self, List.of())));
    String chosen = Placement.choose(model, candidates).map(MemberState::id).orElse(self);
    String winner = grid.claim(model, chosen, claimTtl);
    if (winner.equals(self)) {
      return Route.local(Reason.PLACED_HERE);
    }
    return find(others, winner)
        .map(m -> Route.forward(m, Reason.PLACED_ELSEWHERE))
        .orElseGet(() -> Route.local(Reason.TARGET_UNREACHABLE));
  }

  /** Records that {@code member} did not answer a forward: left out for a while. */
  public void unreachable(String member) {
    unreachable.mark(member);
  }

  /** The published states of the other live members that are not left out. */
  private List<MemberState> reachableOthers(String self) {
    Set<String> live = grid.members();
    return grid.states().stream()
        .filter(m -> !m.id().equals(self) && live.contains(m.id()))
        .filter(m -> !unreachable.contains(m.id()))
        .toList();
  }

  private static Optional<MemberState> find(List<MemberState> members, String id) {
    return members.stream().filter(m -> m.id().equals(id)).findFirst();
  }
}
