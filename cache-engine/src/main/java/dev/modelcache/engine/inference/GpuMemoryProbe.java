package dev.modelcache.engine.inference;

import java.util.OptionalLong;

/**
 * Reads a CUDA device's memory, as NVIDIA's management library (NVML) reports it. Device-wide, not
 * per process: the model cache serialises loads, so the growth across one load belongs to that
 * model as long as nothing else allocates on the device meanwhile. Implementations are thread-safe.
 */
public interface GpuMemoryProbe {

  /** Bytes in use on the device, or empty where they cannot be read. */
  OptionalLong usedBytes(int device);

  /** Bytes free on the device, or empty where they cannot be read. */
  OptionalLong freeBytes(int device);

  /**
   * Through {@code nvidia-smi}, NVML's command-line client, which comes with the NVIDIA driver (one
   * short process per reading, MiB resolution). Empty where it is missing or fails.
   */
  static GpuMemoryProbe nvidiaSmi() {
    return NvidiaSmiProbe.INSTANCE;
  }

  /** A probe that never knows: device memory is then estimated from file sizes. */
  static GpuMemoryProbe unavailable() {
    return new GpuMemoryProbe() {
      @Override
      public OptionalLong usedBytes(int device) {
        return OptionalLong.empty();
      }

      @Override
      public OptionalLong freeBytes(int device) {
        return OptionalLong.empty();
      }
    };
  }
}
