package dev.modelcache.api;

import java.time.Duration;
import java.util.Objects;

/**
 * A request got no result within its time limit ({@code INFERENCE_TIMEOUT}). Its texts that were
 * still queued were withdrawn; a run already under way finishes, and its result is dropped.
 */
public final class InferenceTimeoutException extends ModelCacheException {
  private static final long serialVersionUID = 1L;

  private final transient ModelId model;
  private final Duration timeout;

  /**
   * @param model the model the request was for
   * @param timeout the limit that passed
   * @param detail what the request was doing when it ran out of time
   */
  public InferenceTimeoutException(ModelId model, Duration timeout, String detail) {
    super(
        ErrorKind.TIMEOUT,
        "model '"
            + model
            + "' gave no result within "
            + timeout.toMillis()
            + " ms (INFERENCE_TIMEOUT): "
            + detail
            + "; retry later or raise INFERENCE_TIMEOUT");
    this.model = Objects.requireNonNull(model, "model");
    this.timeout = timeout;
  }

  /** The model the request was for. */
  public ModelId model() {
    return model;
  }

  /** The time limit that passed. */
  public Duration timeout() {
    return timeout;
  }
}
