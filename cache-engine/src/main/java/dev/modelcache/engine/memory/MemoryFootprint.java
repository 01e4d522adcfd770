package dev.modelcache.engine.memory;

/**
 * The bytes the cache charges one loaded model, and how that figure was obtained.
 *
 * @param bytes the charged size in bytes, {@code > 0}
 * @param method whether {@code bytes} was measured or estimated
 * @param rssDeltaBytes the measured growth of the resident set across the load, or {@code -1} if it
 *     could not be read; kept even when it was not used, so operators can compare
 */
public record MemoryFootprint(long bytes, Method method, long rssDeltaBytes) {

  /** How a footprint was obtained. */
  public enum Method {
    /** Resident-set growth across session creation and a warm-up run at the maximum batch. */
    MEASURED,
    /**
     * From file sizes, because the resident set could not be read or its growth was implausible.
     */
    ESTIMATED
  }

  public MemoryFootprint {
    if (bytes <= 0) {
      throw new IllegalArgumentException("bytes must be > 0: " + bytes);
    }
    if (method == null) {
      throw new IllegalArgumentException("method must not be null");
    }
  }

  /**
   * Chooses the charged size from a measurement and an estimate. The measured resident-set growth
   * is used when it is at least {@code floorBytes} (the weights on disk must be somewhere); a
   * smaller growth means the allocator reused memory freed by an earlier model, or another thread
   * freed memory meanwhile, and the estimate is charged instead.
   *
   * @param rssDeltaBytes measured growth, or {@code -1} if unknown
   * @param floorBytes the least a real footprint can be (the ONNX file's size)
   * @param estimateBytes the file-based estimate, {@code > 0}
   */
  public static MemoryFootprint choose(long rssDeltaBytes, long floorBytes, long estimateBytes) {
    if (rssDeltaBytes >= floorBytes && rssDeltaBytes > 0) {
      return new MemoryFootprint(rssDeltaBytes, Method.MEASURED, rssDeltaBytes);
    }
    return new MemoryFootprint(estimateBytes, Method.ESTIMATED, rssDeltaBytes);
  }
}
