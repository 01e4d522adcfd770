package dev.modelcache.bench.sim;

import dev.modelcache.api.ModelId;
import java.util.Objects;

/**
 * One request for a model in a trace: which model, what it holds in memory once loaded, and what
 * loading it costs. Immutable.
 *
 * @param model the model asked for; not null
 * @param bytes its resident size once loaded, in bytes, {@code >= 1}
 * @param loadNanos how long loading it takes, in nanoseconds, {@code >= 0}: what a miss costs
 */
public record Access(ModelId model, long bytes, long loadNanos) {

  public Access {
    Objects.requireNonNull(model, "model");
    if (bytes < 1) {
      throw new IllegalArgumentException("bytes must be >= 1: " + bytes);
    }
    if (loadNanos < 0) {
      throw new IllegalArgumentException("loadNanos must be >= 0: " + loadNanos);
    }
  }

  /** An access by model name, size in bytes and load time in milliseconds. */
  public static Access of(String model, long bytes, double loadMillis) {
    return new Access(ModelId.of(model), bytes, Math.round(loadMillis * 1_000_000));
  }
}
