package dev.modelcache.service.security;

import dev.modelcache.api.ErrorKind;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts requests the guard refused, by kind: {@code unauthorized}, {@code forbidden}, {@code
 * rate_limited}, {@code overloaded}. Thread-safe (one adder per kind).
 */
public final class Refusals {
  /** The kinds counted, in the order they are reported. */
  public static final ErrorKind[] KINDS = {
    ErrorKind.UNAUTHORIZED, ErrorKind.FORBIDDEN, ErrorKind.RATE_LIMITED, ErrorKind.OVERLOADED
  };

  private final Map<ErrorKind, LongAdder> counts = new EnumMap<>(ErrorKind.class);

  public Refusals() {
    for (ErrorKind kind : KINDS) {
      counts.put(kind, new LongAdder());
    }
  }

  /** Counts one refusal; kinds other than {@link #KINDS} are ignored. */
  public void count(ErrorKind kind) {
    LongAdder adder = counts.get(kind);
    if (adder != null) {
      adder.increment();
    }
  }

  /** Refusals so far by kind, in {@link #KINDS} order. */
  public Map<ErrorKind, Long> snapshot() {
    Map<ErrorKind, Long> out = new EnumMap<>(ErrorKind.class);
    counts.forEach((kind, adder) -> out.put(kind, adder.sum()));
    return Collections.unmodifiableMap(out);
  }
}
