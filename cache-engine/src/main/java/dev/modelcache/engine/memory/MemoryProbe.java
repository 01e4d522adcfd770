package dev.modelcache.engine.memory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Reads how much memory the process holds. Implementations must be thread-safe. */
public interface MemoryProbe {

  /** The process's resident set size in bytes, or empty where it cannot be read. */
  OptionalLong residentBytes();

  /**
   * The Linux probe: {@code VmRSS} from {@code /proc/self/status} (kilobytes there, bytes here).
   * Empty on systems without {@code /proc}.
   */
  static MemoryProbe procStatus() {
    return ProcStatusProbe.INSTANCE;
  }

  /** A probe that never knows: every footprint is then estimated from file sizes. */
  static MemoryProbe unavailable() {
    return OptionalLong::empty;
  }
}

/** Parses {@code VmRSS: 123456 kB} out of {@code /proc/self/status}. */
enum ProcStatusProbe implements MemoryProbe {
  INSTANCE;

  private static final Path STATUS = Path.of("/proc/self/status");

  @Override
  public OptionalLong residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring("VmRSS:".length()).replace("kB", "").trim();
          return OptionalLong.of(Long.parseLong(kb) * 1024L);
        }
      }
      return OptionalLong.empty();
    } catch (IOException | RuntimeException unreadable) {
      return OptionalLong.empty();
    }
  }
}
