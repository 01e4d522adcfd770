package dev.modelcache.engine.trace;

/**
 * One timed step of a {@link RequestTrace}, with attributes; ends once, by {@link #end} or {@link
 * #fail}. Implementations must be thread-safe.
 */
public interface Step {

  /** A step that records nothing. */
  Step OFF =
      new Step() {
        @Override
        public Step set(String key, String value) {
          return this;
        }

        @Override
        public Step set(String key, long value) {
          return this;
        }

        @Override
        public void end() {}

        @Override
        public void fail(Throwable error) {}
      };

  /** Sets a text attribute; returns this step. */
  Step set(String key, String value);

  /** Sets a number attribute; returns this step. */
  Step set(String key, long value);

  /** Ends the step now. */
  void end();

  /** Ends the step now, as failed with {@code error}. */
  void fail(Throwable error);
}
