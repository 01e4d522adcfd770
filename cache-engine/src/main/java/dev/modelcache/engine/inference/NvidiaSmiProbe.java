package dev.modelcache.engine.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/** Runs {@code nvidia-smi --query-gpu=memory.X --format=csv,noheader,nounits -i N}. */
enum NvidiaSmiProbe implements GpuMemoryProbe {
  INSTANCE;

  private static final long MIB = 1024L * 1024L;

  @Override
  public OptionalLong usedBytes(int device) {
    return query("memory.used", device);
  }

  @Override
  public OptionalLong freeBytes(int device) {
    return query("memory.free", device);
  }

  private static OptionalLong query(String field, int device) {
    try {
      Process process =
          new ProcessBuilder(
                  List.of(
                      "nvidia-smi",
                      "--query-gpu=" + field,
                      "--format=csv,noheader,nounits",
                      "-i",
                      String.valueOf(device)))
              .redirectErrorStream(true)
              .start();
      String out;
      try (InputStream in = process.getInputStream()) {
        out = new String(in.readNBytes(4096), StandardCharsets.UTF_8);
      }
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return OptionalLong.empty();
      }
      return process.exitValue() == 0 ? mebibytes(out) : OptionalLong.empty();
    } catch (IOException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }

  /** {@code "1234\n"} (MiB) as bytes; empty for anything else. */
  static OptionalLong mebibytes(String out) {
    String value = out.trim();
    return value.matches("\\d{1,9}")
        ? OptionalLong.of(Long.parseLong(value) * MIB)
        : OptionalLong.empty();
  }
}
