package dev.modelcache.bench.sim;

import java.util.ArrayList;
import java.util.List;

/** Tiny hand-made traces for tests: models named by letter, sized and costed per test. */
final class Traces {
  private Traces() {}

  /** A trace of {@code names} (space separated), each of {@code bytes} bytes loading in 100 ms. */
  static Trace of(String names, long bytes) {
    List<Access> accesses = new ArrayList<>();
    for (String name : names.trim().split("\\s+")) {
      accesses.add(Access.of(name, bytes, 100));
    }
    return new Trace("test", accesses);
  }

  static Trace of(Access... accesses) {
    return new Trace("test", List.of(accesses));
  }
}
