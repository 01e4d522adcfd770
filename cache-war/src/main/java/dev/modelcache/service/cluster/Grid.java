package dev.modelcache.service.cluster;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The few operations of the Data Grid that clustering needs. {@link HazelcastGrid} is the real one;
 * tests use fakes. All methods are thread-safe; the ones reading member states are local reads
 * (replicated data), the placement claims are one atomic grid operation each.
 */
public interface Grid {

  /** This member's grid identity. */
  String self();

  /** The identities of the members alive now, this one included, as the grid's membership says. */
  Set<String> members();

  /** The last published state of every member that published one (departed ones may linger). */
  Collection<MemberState> states();

  /** Publishes this member's state (replaces the previous one). */
  void publish(MemberState state);

  /** The member that claimed the placement of {@code model}, if any. */
  Optional<String> claimOf(String model);

  /**
   * Claims the placement of {@code model} for {@code member} unless some member already holds the
   * claim: one atomic put-if-absent in the grid, so that concurrent deciders agree.
   *
   * @param ttl how long the claim lasts unless renewed or released
   * @return the member that holds the claim now: {@code member} or the earlier claimant
   */
  String claim(String model, String member, Duration ttl);

  /** Drops the claim on {@code model} if {@code member} holds it. */
  void release(String model, String member);

  /** Every claim: model name to claimant. */
  Map<String, String> claims();

  /** Removes the state and the claims of a member that left. Idempotent. */
  void forget(String member);

  /** Calls {@code listener} with the identity of every member that leaves, on a grid thread. */
  void onMemberLeft(Consumer<String> listener);

  /** The address other members reach this one at (the grid's bound interface). */
  String hostAddress();

  /**
   * Agrees on one value for {@code name} across the cluster: the first proposal stored wins, and
   * every member gets that one (for the generated cluster secret).
   */
  String agree(String name, String proposal);

  /**
   * The grid map that holds shared responses, bounded to about {@code maxEntries} per member,
   * entries dropped {@code ttl} after they were written. The same map on every call.
   */
  ConcurrentMap<String, String> responses(int maxEntries, Duration ttl);
}
