package dev.modelcache.engine.trace;

import java.util.List;

/**
 * One request's trace, into which the engine records {@link Step}s. A step may start on one thread
 * and end on another (the queue wait starts on the request's thread and ends on the runner that
 * takes its texts). Implementations must be thread-safe.
 */
public interface RequestTrace {

  /** The trace of a request that is not traced: every step is {@link Step#OFF}. */
  RequestTrace OFF =
      new RequestTrace() {
        @Override
        public boolean isOn() {
          return false;
        }

        @Override
        public Step start(String name) {
          return Step.OFF;
        }

        @Override
        public Step startedBefore(String name, long nanosAgo) {
          return Step.OFF;
        }

        @Override
        public Step startShared(String name, List<RequestTrace> others) {
          return Step.OFF;
        }
      };

  /** Whether steps are recorded; callers skip computing attributes when not. */
  boolean isOn();

  /** Starts a step now, as a child of the request. */
  Step start(String name);

  /**
   * Starts a step that began {@code nanosAgo} nanoseconds ago (known only afterwards, such as the
   * load a request turned out to wait for).
   */
  Step startedBefore(String name, long nanosAgo);

  /**
   * Starts a step of work that this request shares with {@code others} (an ONNX Runtime run that
   * serves several requests at once): recorded in this request's trace and linked to each of the
   * others.
   *
   * @param others the traces of the other requests served by the same work; may be empty
   */
  Step startShared(String name, List<RequestTrace> others);
}
