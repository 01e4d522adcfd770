package dev.modelcache.engine.inference;

import java.util.Locale;

/**
 * Where models run, as {@code INFERENCE_DEVICE} names it: {@code auto} (the first CUDA device if
 * the CUDA execution provider works here, else the CPU), {@code cpu}, {@code cuda} (device 0) or
 * {@code cuda:N}. Immutable.
 *
 * @param kind auto, cpu or cuda
 * @param id the CUDA device's index; 0 otherwise
 */
public record Device(Kind kind, int id) {

  /** What was asked for. */
  public enum Kind {
    AUTO,
    CPU,
    CUDA
  }

  public static final Device AUTO = new Device(Kind.AUTO, 0);
  public static final Device CPU = new Device(Kind.CPU, 0);

  public Device {
    if (id < 0 || (kind != Kind.CUDA && id != 0)) {
      throw new IllegalArgumentException("device id must be >= 0, and 0 unless cuda: " + id);
    }
  }

  public static Device cuda(int id) {
    return new Device(Kind.CUDA, id);
  }

  /**
   * Reads {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}, in any case.
   *
   * @throws IllegalArgumentException naming {@code INFERENCE_DEVICE} and the bad value
   */
  public static Device parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    switch (value) {
      case "auto":
        return AUTO;
      case "cpu":
        return CPU;
      case "cuda":
        return cuda(0);
      default:
        if (value.matches("cuda:\\d{1,3}")) {
          return cuda(Integer.parseInt(value.substring("cuda:".length())));
        }
        throw new IllegalArgumentException(
            "INFERENCE_DEVICE must be auto, cpu, cuda or cuda:N: '" + text + "'");
    }
  }

  /** Whether this is a CUDA device. */
  public boolean isCuda() {
    return kind == Kind.CUDA;
  }

  /** {@code auto}, {@code cpu} or {@code cuda:N}. */
  @Override
  public String toString() {
    return kind == Kind.CUDA ? "cuda:" + id : kind.name().toLowerCase(Locale.ROOT);
  }
}
