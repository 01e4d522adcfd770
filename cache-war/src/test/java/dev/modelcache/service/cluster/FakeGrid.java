package dev.modelcache.service.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/** A grid in one process: states and claims in concurrent maps, membership set by the test. */
class FakeGrid implements Grid {
  private final String self;
  final Set<String> live = ConcurrentHashMap.newKeySet();
  final Map<String, MemberState> states = new ConcurrentHashMap<>();
  final ConcurrentMap<String, String> claims = new ConcurrentHashMap<>();
  final List<Consumer<String>> leaveListeners = new ArrayList<>();
  int claimCalls;

  FakeGrid(String self, MemberState... members) {
    this.self = self;
    for (MemberState m : members) {
      live.add(m.id());
      states.put(m.id(), m);
    }
    live.add(self);
  }

  /** Another view of the same grid, as member {@code other} sees it. */
  FakeGrid as(String other) {
    return new SharedView(other, this);
  }

  @Override
  public String self() {
    return self;
  }

  @Override
  public Set<String> members() {
    return new LinkedHashSet<>(live);
  }

  @Override
  public Collection<MemberState> states() {
    return new ArrayList<>(states.values());
  }

  @Override
  public void publish(MemberState state) {
    states.put(state.id(), state);
  }

  @Override
  public Optional<String> claimOf(String model) {
    return Optional.ofNullable(claims.get(model));
  }

  @Override
  public synchronized String claim(String model, String member, Duration ttl) {
    claimCalls++;
    String earlier = claims.putIfAbsent(model, member);
    return earlier == null ? member : earlier;
  }

  @Override
  public void release(String model, String member) {
    claims.remove(model, member);
  }

  @Override
  public Map<String, String> claims() {
    return new HashMap<>(claims);
  }

  @Override
  public void forget(String member) {
    states.remove(member);
    claims.values().removeIf(member::equals);
  }

  @Override
  public void onMemberLeft(Consumer<String> listener) {
    leaveListeners.add(listener);
  }

  @Override
  public String hostAddress() {
    return "127.0.0.1";
  }

  @Override
  public String agree(String name, String proposal) {
    return proposal;
  }

  @Override
  public ConcurrentMap<String, String> responses(int maxEntries, Duration ttl) {
    return new ConcurrentHashMap<>();
  }

  /** The same maps, another self. */
  private static final class SharedView extends FakeGrid {
    private final FakeGrid shared;

    SharedView(String self, FakeGrid shared) {
      super(self);
      this.shared = shared;
    }

    @Override
    public Set<String> members() {
      return shared.members();
    }

    @Override
    public Collection<MemberState> states() {
      return shared.states();
    }

    @Override
    public Optional<String> claimOf(String model) {
      return shared.claimOf(model);
    }

    @Override
    public String claim(String model, String member, Duration ttl) {
      return shared.claim(model, member, ttl);
    }

    @Override
    public void release(String model, String member) {
      shared.release(model, member);
    }

    @Override
    public Map<String, String> claims() {
      return shared.claims();
    }
  }
}
