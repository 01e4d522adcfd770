package dev.modelcache.engine.cache;

/**
 * A source of nanosecond time for durations and recency. Only differences between two readings mean
 * anything. Injected so that tests advance time by hand instead of sleeping.
 */
@FunctionalInterface
public interface Ticker {

  /** Nanoseconds since an arbitrary origin; never decreasing. */
  long read();

  /** {@link System#nanoTime()}. */
  static Ticker system() {
    return System::nanoTime;
  }
}
