package dev.modelcache.service.cluster;

import java.util.Locale;
import java.util.Objects;

/**
 * Where one request runs and why.
 *
 * @param target the member to forward to, or null to run here
 * @param reason why
 */
public record Route(MemberState target, Reason reason) {

  /** Why a request runs where it runs. */
  public enum Reason {
    /** The model is loaded on this member. */
    LOADED_HERE(true),
    /** Another member holds the model, ready: forwarded to the least busy holder. */
    LOADED_ELSEWHERE(false),
    /** Another member claimed the model and is loading it: forwarded there. */
    LOADING_ELSEWHERE(false),
    /** No member held the model; it was placed on this one, which loads it. */
    PLACED_HERE(true),
    /** No member held the model; it was placed on another, which loads it. */
    PLACED_ELSEWHERE(false),
    /** The holders' queues passed MODEL_CACHE_CLUSTER_COPY_QUEUE_TEXTS: this member adds a copy. */
    HOT_COPY(true),
    /** Another member forwarded the request here: it runs here, never forwarded again. */
    FORWARDED_HERE(true),
    /** The member to forward to did not answer in time: this member runs it itself. */
    TARGET_UNREACHABLE(true);

    private final boolean local;

    Reason(boolean local) {
      this.local = local;
    }

    /** Whether a request with this reason runs here. */
    public boolean local() {
      return local;
    }

    /** The reason's label in metrics and logs. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Route {
    Objects.requireNonNull(reason, "reason");
    if (reason.local() != (target == null)) {
      throw new IllegalArgumentException("a " + reason + " route needs target == null: " + target);
    }
  }

  /** Runs here. */
  public static Route local(Reason reason) {
    return new Route(null, reason);
  }

  /** Forwards to {@code target}. */
  public static Route forward(MemberState target, Reason reason) {
    return new Route(Objects.requireNonNull(target, "target"), reason);
  }

  /** Whether the request runs on this member. */
  public boolean isLocal() {
    return target == null;
  }
}
