package dev.modelcache.service.cluster;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.EvictionConfig;
import com.hazelcast.config.EvictionPolicy;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MaxSizePolicy;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.replicatedmap.ReplicatedMap;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * The {@link Grid} on the Hazelcast instance that Payara Micro and Payara Server run as their Data
 * Grid, found in JNDI at {@value #JNDI_NAME}. Member states live in a replicated map (every member
 * reads its own copy), claims and the agreed secret in partitioned maps (atomic per key), shared
 * responses in a partitioned map bounded per member with a time to live. Values are strings, so the
 * grid never has to load an application class. The only class of the service that imports
 * Hazelcast.
 */
final class HazelcastGrid implements Grid {
  static final String JNDI_NAME = "payara/Hazelcast";
  static final String STATES = "model-cache-members";
  static final String CLAIMS = "model-cache-placements";
  static final String AGREED = "model-cache-cluster";
  static final String RESPONSES = "model-cache-responses";

  private final HazelcastInstance hz;
  private final ReplicatedMap<String, String> states;
  private final IMap<String, String> claims;

  private HazelcastGrid(HazelcastInstance hz) {
    this.hz = hz;
    this.states = hz.getReplicatedMap(STATES);
    this.claims = hz.getMap(CLAIMS);
  }

  /**
   * The server's running Data Grid.
   *
   * @throws IllegalStateException with the reason when there is none (not Payara, or the grid is
   *     off)
   */
  static Grid lookup() {
    Object found;
    try {
      found = InitialContext.doLookup(JNDI_NAME);
    } catch (NamingException e) {
      throw new IllegalStateException("no " + JNDI_NAME + " in JNDI", e);
    }
    if (!(found instanceof HazelcastInstance hz)) {
      throw new IllegalStateException(JNDI_NAME + " is not a Hazelcast instance: " + found);
    }
    if (!hz.getLifecycleService().isRunning()) {
      throw new IllegalStateException("the Data Grid is not running (started with --nohazelcast?)");
    }
    return new HazelcastGrid(hz);
  }

  @Override
  public String self() {
    return hz.getCluster().getLocalMember().getUuid().toString();
  }

  @Override
  public Set<String> members() {
    return hz.getCluster().getMembers().stream()
        .map(m -> m.getUuid().toString())
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public Collection<MemberState> states() {
    return states.values().stream().map(MemberState::fromJson).toList();
  }

  @Override
  public void publish(MemberState state) {
    states.put(state.id(), state.toJson());
  }

  @Override
  public Optional<String> claimOf(String model) {
    return Optional.ofNullable(claims.get(model));
  }

  @Override
  public String claim(String model, String member, Duration ttl) {
    String earlier = claims.putIfAbsent(model, member, ttl.toMillis(), TimeUnit.MILLISECONDS);
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
    for (Map.Entry<String, String> claim : claims.entrySet()) {
      if (claim.getValue().equals(member)) {
        claims.remove(claim.getKey(), member);
      }
    }
  }

  @Override
  public void onMemberLeft(Consumer<String> listener) {
    hz.getCluster()
        .addMembershipListener(
            new MembershipListener() {
              @Override
              public void memberAdded(MembershipEvent event) {
                // A new member publishes its own state.
              }

              @Override
              public void memberRemoved(MembershipEvent event) {
                listener.accept(event.getMember().getUuid().toString());
              }
            });
  }

  @Override
  public String hostAddress() {
    return hz.getCluster().getLocalMember().getAddress().getHost();
  }

  @Override
  public String agree(String name, String proposal) {
    IMap<String, String> agreed = hz.getMap(AGREED);
    String earlier = agreed.putIfAbsent(name, proposal);
    return earlier == null ? proposal : earlier;
  }

  @Override
  public ConcurrentMap<String, String> responses(int maxEntries, Duration ttl) {
    // Dynamic configuration: the same on every member, so adding it again is accepted.
    hz.getConfig()
        .addMapConfig(
            new MapConfig(RESPONSES)
                .setTimeToLiveSeconds((int) Math.max(1, ttl.toSeconds()))
                .setEvictionConfig(
                    new EvictionConfig()
                        .setEvictionPolicy(EvictionPolicy.LRU)
                        .setMaxSizePolicy(MaxSizePolicy.PER_NODE)
                        .setSize(maxEntries)));
    return hz.getMap(RESPONSES);
  }
}
