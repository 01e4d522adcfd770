package dev.modelcache.engine.model.download;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Logs one download's progress: bytes, percent and rate every quarter or every ten seconds,
 * whichever comes first, and a last line with the total. INFO for large files (16 MiB or more),
 * FINE for small ones. Used by one thread at a time.
 */
final class ProgressLog {
  static final long LARGE_BYTES = 16L << 20;
  private static final long INTERVAL_NANOS = 10_000_000_000L;

  private final System.Logger log;
  private final String label;
  private final long total;
  private final long startBytes;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private long nextLogNanos;
  private long nextQuarter;

  /**
   * @param total the file's full size in bytes, or -1 if unknown
   * @param startBytes bytes already on disk from an earlier attempt
   */
  ProgressLog(System.Logger log, String label, long total, long startBytes, LongSupplier nanoTime) {
    this.log = log;
    this.label = label;
    this.total = total;
    this.startBytes = startBytes;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
    this.nextLogNanos = startNanos + INTERVAL_NANOS;
    this.nextQuarter = total > 0 ? quarterAfter(startBytes) : Long.MAX_VALUE;
  }

  /** Notes that {@code bytes} of the file are now on disk; logs if a step was passed. */
  void advance(long bytes) {
    long now = nanoTime.getAsLong();
    if (now < nextLogNanos && bytes < nextQuarter) {
      return;
    }
    nextLogNanos = now + INTERVAL_NANOS;
    nextQuarter = total > 0 ? quarterAfter(bytes) : Long.MAX_VALUE;
    Level level = level(bytes);
    if (log.isLoggable(level)) {
      String percent = total > 0 ? String.format(Locale.ROOT, " (%d%%)", bytes * 100 / total) : "";
      log.log(
          level,
          String.format(
              Locale.ROOT,
              "downloading %s: %.1f of %s MB%s, %.1f MB/s",
              label,
              mb(bytes),
              total >= 0 ? String.format(Locale.ROOT, "%.1f", mb(total)) : "?",
              percent,
              rate(bytes, now)));
    }
  }

  /** Logs the finished download. */
  void done(long bytes) {
    long now = nanoTime.getAsLong();
    Level level = level(bytes);
    if (log.isLoggable(level)) {
      log.log(
          level,
          String.format(
              Locale.ROOT,
              "downloaded %s: %.1f MB in %.1f s, %.1f MB/s%s",
              label,
              mb(bytes),
              (now - startNanos) / 1e9,
              rate(bytes, now),
              startBytes > 0
                  ? String.format(Locale.ROOT, " (resumed at %.1f MB)", mb(startBytes))
                  : ""));
    }
  }

  private Level level(long bytes) {
    return Math.max(total, bytes) >= LARGE_BYTES ? Level.INFO : Level.DEBUG;
  }

  private double rate(long bytes, long now) {
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    return mb(bytes - startBytes) / seconds;
  }

  private long quarterAfter(long bytes) {
    long quarter = Math.max(1, total / 4);
    return (bytes / quarter + 1) * quarter;
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
