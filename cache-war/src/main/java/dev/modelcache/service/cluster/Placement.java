package dev.modelcache.service.cluster;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Where a model with no holder goes: weighted rendezvous hashing (highest random weight) over the
 * live members. Each member scores {@code -weight / ln(u)}, where {@code u} in (0, 1) is a hash of
 * (model name, member identity); the highest score wins. Every decider computes the same answer
 * from the same states without talking to the others, and when a member joins or leaves only the
 * models that it wins or won move: the rest keep their place. Only members with free room take part
 * while any has some (a full member would evict a model that is in use to make room, and the two
 * would take turns); when all are full, all take part. The weight is the member's free room ({@link
 * MemberState#freeShare()}, floored so that full members still take their shares) divided by its
 * queue. Stateless.
 */
public final class Placement {
  /** The weight of a member with no free room at all: full members still win sometimes. */
  static final double MIN_SHARE = 0.05;

  /** Queued texts that halve a member's weight. */
  static final double QUEUE_HALF = 32;

  private Placement() {}

  /** The member that should load {@code model}, or empty when there is none. */
  public static Optional<MemberState> choose(String model, Collection<MemberState> members) {
    List<MemberState> roomy = members.stream().filter(m -> m.freeShare() > 0).toList();
    Collection<MemberState> pool = roomy.isEmpty() ? members : roomy;
    return pool.stream().max(Comparator.comparingDouble(m -> score(model, m)));
  }

  /** The members in order of preference for {@code model}, best first (room not considered). */
  public static List<MemberState> ranked(String model, Collection<MemberState> members) {
    return members.stream()
        .sorted(Comparator.comparingDouble((MemberState m) -> score(model, m)).reversed())
        .toList();
  }

  /** A member's weight: free room over queue. Always positive. */
  static double weight(MemberState m) {
    double room = Math.max(MIN_SHARE, m.freeShare());
    return room / (1 + m.queuedTexts() / QUEUE_HALF);
  }

  /** The rendezvous score of a member for a model. */
  static double score(String model, MemberState m) {
    return -weight(m) / Math.log(unit(hash(model, m.id())));
  }

  /** A 64-bit FNV-1a hash of the model name, a separator and the member identity, mixed. */
  static long hash(String model, String member) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (model + '\u0000' + member).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    // A final avalanche (SplitMix64's), so that near-equal inputs spread over the whole range.
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /**
   * The top 52 bits of a hash as a double in the open interval (0, 1): with 53 bits the largest
   * value would round to 1.0, whose logarithm is 0.
   */
  static double unit(long hash) {
    return ((hash >>> 12) + 0.5) / (double) (1L << 52);
  }
}
