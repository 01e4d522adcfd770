package dev.modelcache.engine.model.fake;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Faults a fake server injects, each keyed by what it applies to (the fakes document their keys,
 * e.g. {@code org/name/onnx/model.onnx} for one file of a Hub repository). A fault stays until
 * cleared. Thread-safe.
 */
public final class Faults {
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final Map<String, String> bodies = new ConcurrentHashMap<>();
  private final Map<String, Gate> delays = new ConcurrentHashMap<>();
  private final Map<String, Long> truncations = new ConcurrentHashMap<>();
  private final Set<String> corruptions = ConcurrentHashMap.newKeySet();
  private final Map<String, Stall> stalls = new ConcurrentHashMap<>();
  private final List<Gate> gates = new CopyOnWriteArrayList<>();

  /** Answers {@code status} (with the service's error body) instead of the real response. */
  public void status(String key, int status) {
    statuses.put(key, status);
  }

  /** Answers 200 with this JSON {@code body} instead of the real one (a malformed answer). */
  public void body(String key, String body) {
    bodies.put(key, body);
  }

  /** Holds the response (before its headers) until the returned gate opens. */
  public Gate delay(String key) {
    Gate gate = new Gate();
    gates.add(gate);
    delays.put(key, gate);
    return gate;
  }

  /**
   * Declares the full length but sends only {@code afterBytes} bytes, then drops the connection.
   */
  public void truncate(String key, long afterBytes) {
    truncations.put(key, afterBytes);
  }

  /** Sends bytes of the right length with one byte changed, so the hash does not match. */
  public void corrupt(String key) {
    corruptions.add(key);
  }

  /** Sends {@code afterBytes} bytes, then waits for the returned stall to be released. */
  public Stall stall(String key, long afterBytes) {
    Stall stall = new Stall(afterBytes);
    gates.add(stall.gate());
    stalls.put(key, stall);
    return stall;
  }

  /** Removes every fault on {@code key}, letting delayed and stalled handlers go. */
  public void clear(String key) {
    statuses.remove(key);
    bodies.remove(key);
    truncations.remove(key);
    corruptions.remove(key);
    Optional.ofNullable(delays.remove(key)).ifPresent(Gate::open);
    Optional.ofNullable(stalls.remove(key)).ifPresent(Stall::release);
  }

  /** Removes every fault and opens every gate. */
  public void clearAll() {
    statuses.clear();
    bodies.clear();
    truncations.clear();
    corruptions.clear();
    delays.clear();
    stalls.clear();
    gates.forEach(Gate::open);
  }

  Optional<Integer> statusFor(String key) {
    return Optional.ofNullable(statuses.get(key));
  }

  Optional<String> bodyFor(String key) {
    return Optional.ofNullable(bodies.get(key));
  }

  Optional<Gate> delayFor(String key) {
    return Optional.ofNullable(delays.get(key));
  }

  long truncationFor(String key) {
    return truncations.getOrDefault(key, -1L);
  }

  boolean corrupts(String key) {
    return corruptions.contains(key);
  }

  Optional<Stall> stallFor(String key) {
    return Optional.ofNullable(stalls.get(key));
  }
}
