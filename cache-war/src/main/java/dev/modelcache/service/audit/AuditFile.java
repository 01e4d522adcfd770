package dev.modelcache.service.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * A log handler that appends each record's message as one line to a file, flushed at once, and
 * rotates by size: when the next line would take the file past {@code limitBytes}, {@code file}
 * becomes {@code file.1} (older ones shift to {@code .2} ... up to {@code .<keep>}, the oldest is
 * deleted) and a new {@code file} is started. So {@code file} is always the current log.
 * Thread-safe (synchronized).
 */
public final class AuditFile extends Handler {
  private final Path file;
  private final long limitBytes;
  private final int keep;
  private OutputStream out;
  private long size;

  /**
   * Opens (or creates, with its folder) the file for appending.
   *
   * @param file the current log file
   * @param limitBytes the size at which it is rotated, {@code >= 1}
   * @param keep rotated files kept, {@code >= 1}
   * @throws UncheckedIOException if the file cannot be opened
   */
  public AuditFile(Path file, long limitBytes, int keep) {
    if (limitBytes < 1 || keep < 1) {
      throw new IllegalArgumentException(
          "limitBytes and keep must be >= 1: " + limitBytes + ", " + keep);
    }
    this.file = file.toAbsolutePath();
    this.limitBytes = limitBytes;
    this.keep = keep;
    try {
      Path folder = this.file.getParent();
      if (folder != null) {
        Files.createDirectories(folder);
      }
      open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit log " + this.file, e);
    }
  }

  @Override
  public synchronized void publish(LogRecord record) {
    if (out == null || !isLoggable(record)) {
      return;
    }
    byte[] line = (record.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      if (size > 0 && size + line.length > limitBytes) {
        rotate();
      }
      out.write(line);
      out.flush();
      size += line.length;
    } catch (IOException e) {
      reportError("cannot write the audit log " + file, e, ErrorManager.WRITE_FAILURE);
    }
  }

  @Override
  public synchronized void flush() {
    try {
      if (out != null) {
        out.flush();
      }
    } catch (IOException e) {
      reportError("cannot flush the audit log " + file, e, ErrorManager.FLUSH_FAILURE);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      reportError("cannot close the audit log " + file, e, ErrorManager.CLOSE_FAILURE);
    } finally {
      out = null;
    }
  }

  private void rotate() throws IOException {
    out.close();
    out = null;
    Files.deleteIfExists(numbered(keep));
    for (int i = keep - 1; i >= 1; i--) {
      if (Files.exists(numbered(i))) {
        Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    open();
  }

  private void open() throws IOException {
    out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    size = Files.size(file);
  }

  private Path numbered(int n) {
    return file.resolveSibling(file.getFileName() + "." + n);
  }
}
