package dev.modelcache.engine.trace;

/**
 * Opens a {@link RequestTrace} for each request that enters the engine. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface Tracing {

  /**
   * Called on the request's own thread as it enters the engine: the implementation takes the
   * request's current trace context from that thread.
   *
   * @return the request's trace; {@link RequestTrace#OFF} when it is not traced
   */
  RequestTrace begin();

  /** Tracing that records nothing: {@link #begin} returns {@link RequestTrace#OFF}. */
  static Tracing off() {
    return () -> RequestTrace.OFF;
  }
}
