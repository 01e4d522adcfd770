package dev.modelcache.service.health;

/**
 * One of the service's health checks, run by its own {@code /health} endpoints on any server, and
 * handed to the server's MicroProfile Health where it has one ({@code health.mp}). A check is an
 * {@code @ApplicationScoped} bean implementing this; it must not block and must be thread-safe.
 */
public interface ServiceCheck {

  /** Which of {@code /health/live}, {@code /health/ready} and {@code /health/started} run it. */
  enum Kind {
    LIVENESS,
    READINESS,
    STARTUP
  }

  /**
   * A constant: the MicroProfile Health bridge reads it from an instance made with the no-argument
   * constructor, before injection.
   */
  Kind kind();

  /** The check's answer now; a check that throws is reported DOWN with the error. */
  CheckResult call();
}
