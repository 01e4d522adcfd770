package dev.modelcache.it.support.boot;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Watches one Payara Micro boot for signs that it has failed, and interrupts the thread waiting for
 * it when it has.
 *
 * <p>Two signs: a line of the server's output that only a failed boot prints (the container copies
 * every line to {@code System.out}, which this watch tees while it is installed), or the server's
 * process exiting. Installed for one boot and closed after it; not reusable. Thread-safe: the
 * output is written by the container's reader thread, the process is checked by the watch's own
 * thread.
 */
final class BootWatch implements AutoCloseable {
  /** What Payara Micro prints when a start-up service failed and the boot cannot complete. */
  static final List<String> FAILED_BOOT_LINES = List.of("Startup service failed to start");

  private static final long CHECK_MILLIS = 200;

  private final Thread waiter;
  private final PrintStream original;
  private final Supplier<Process> server;
  private final Process before;
  private final AtomicReference<String> failure = new AtomicReference<>();
  private boolean closed; // guarded by this
  private final ScheduledExecutorService checker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "payara-boot-watch");
            t.setDaemon(true);
            return t;
          });

  private BootWatch(Thread waiter, Supplier<Process> server) {
    this.waiter = waiter;
    this.original = System.out;
    this.server = server;
    this.before = server.get();
  }

  /**
   * Starts watching a boot that {@code waiter} waits for.
   *
   * @param waiter the thread to interrupt when the boot has failed
   * @param server the server's process once the boot has started it (the previous boot's, or null,
   *     before); a supplier of null watches the output alone
   */
  static BootWatch start(Thread waiter, Supplier<Process> server) {
    BootWatch watch = new BootWatch(waiter, server);
    System.setOut(new PrintStream(new LineTee(watch), true, Charset.defaultCharset()));
    watch.checker.scheduleWithFixedDelay(
        watch::checkServer, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
    return watch;
  }

  /** Why the boot failed: the output line, or the process's exit; null while it has not. */
  String failure() {
    return failure.get();
  }

  void line(String line) {
    for (String sign : FAILED_BOOT_LINES) {
      if (line.contains(sign)) {
        fail("the server printed: " + line.strip());
        return;
      }
    }
  }

  private void checkServer() {
    Process process = server.get();
    if (process != null && process != before && !process.isAlive()) {
      fail("the server's process " + process.pid() + " exited with status " + process.exitValue());
    }
  }

  private synchronized void fail(String why) {
    if (!closed && failure.compareAndSet(null, why)) {
      waiter.interrupt();
    }
  }

  /** Stops watching; once it returns, the waiter is never interrupted by this watch again. */
  @Override
  public synchronized void close() {
    closed = true;
    checker.shutdownNow();
    System.setOut(original);
  }

  /** Passes every byte on to the original stream and hands each complete line to the watch. */
  private static final class LineTee extends OutputStream {
    private final BootWatch watch;
    private final StringBuilder line = new StringBuilder();

    LineTee(BootWatch watch) {
      this.watch = watch;
    }

    @Override
    public synchronized void write(int b) {
      watch.original.write(b);
      scan(b);
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
      watch.original.write(bytes, offset, length);
      for (int i = offset; i < offset + length; i++) {
        scan(bytes[i]);
      }
    }

    private void scan(int b) {
      if (b == '\n') {
        watch.line(line.toString());
        line.setLength(0);
      } else if (line.length() < 4096) {
        line.append((char) (b & 0xff));
      }
    }

    @Override
    public void flush() {
      watch.original.flush();
    }
  }
}
