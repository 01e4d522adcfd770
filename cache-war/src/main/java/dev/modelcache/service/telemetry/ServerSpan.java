package dev.modelcache.service.telemetry;

/**
 * The server span of one HTTP request that the service answers outside JAX-RS (whose requests the
 * server traces itself); current on the request's thread until closed. Not thread-safe: one
 * request's thread uses it.
 */
public interface ServerSpan extends AutoCloseable {
  /** The span of an untraced request. */
  ServerSpan NONE =
      new ServerSpan() {
        @Override
        public void status(int status) {}

        @Override
        public void close() {}
      };

  /** The response's status code; 5xx marks the span as failed. */
  void status(int status);

  /** Ends the span and makes the request's previous context current again. */
  @Override
  void close();
}
