package dev.modelcache.api;

/**
 * What went wrong, as a client sees it: the {@code error} code of the JSON error body and the HTTP
 * status it travels with. Each typed exception has exactly one kind.
 */
public enum ErrorKind {
  /** The request is malformed: a bad field, an empty text, a bad model name. */
  INVALID_INPUT("invalid_input", 400),
  /** No API key was sent, or the key is not one the service knows. */
  UNAUTHORIZED("unauthorized", 401),
  /** The API key is valid but lacks the role the endpoint needs. */
  FORBIDDEN("forbidden", 403),
  /** No configured source has a model by that name. */
  MODEL_NOT_FOUND("model_not_found", 404),
  /** A text, a batch or a body is larger than the configured limit. */
  INPUT_TOO_LARGE("input_too_large", 413),
  /** The caller's key (or address) used up its request rate; retry after the advertised delay. */
  RATE_LIMITED("rate_limited", 429),
  /** The model exists but could not be loaded (corrupt file, unsupported inputs). */
  MODEL_LOAD_FAILED("model_load_failed", 503),
  /** Too much work is in progress or queued; retry after the advertised delay. */
  OVERLOADED("overloaded", 503),
  /**
   * The service is stopping (it got SIGTERM) and takes no new requests; retry after the advertised
   * delay, which a load balancer sends to another instance.
   */
  SHUTTING_DOWN("shutting_down", 503),
  /**
   * The request got no result within {@code INFERENCE_TIMEOUT}: it waited too long in its model's
   * queue, or its model's load and run took longer. Nothing of it is still queued.
   */
  TIMEOUT("timeout", 504),
  /** The model does not fit in the memory budget, even after evicting every evictable model. */
  INSUFFICIENT_MEMORY("insufficient_memory", 507),
  /** A bug in the service. */
  INTERNAL("internal_error", 500);

  private final String code;
  private final int httpStatus;

  ErrorKind(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The machine-readable code, as in the {@code error} field of an error body. */
  public String code() {
    return code;
  }

  /** The HTTP status this kind of error is answered with. */
  public int httpStatus() {
    return httpStatus;
  }
}
