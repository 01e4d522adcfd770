package dev.modelcache.engine.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM that exits (SIGTERM, {@code System.exit}) while requests run must not crash on the way out.
 * ONNX Runtime's Java binding releases the native environment, and with it the global thread pool,
 * from a shutdown hook of its own, which runs at once and beside every other hook, while daemon
 * threads may still be inside {@code OrtSession.run} or session creation: a SIGSEGV in {@code
 * libonnxruntime.so}, an {@code hs_err} file and exit status 134 instead of a clean stop. Each
 * child process here exits with three threads predicting and one creating sessions.
 */
class TheProcessExitsCleanlyWhileModelsRunTest {
  private static final int CHILDREN = 4;

  @TempDir Path work;

  @Test
  void exitingWhileSessionsRunAndLoadEndsWithTheExitStatusAndNoCrash() throws Exception {
    for (int n = 0; n < CHILDREN; n++) {
      int i = n;
      Path log = work.resolve("child-" + i + ".log");
      Process child = start(log);
      boolean exited;
      try {
        exited = child.waitFor(120, TimeUnit.SECONDS);
      } finally {
        child.destroyForcibly();
      }
      assertTrue(exited, () -> "child " + i + " did not exit: " + read(log));
      String output = Files.readString(log);
      assertTrue(output.contains("exiting while models run"), output);
      assertFalse(output.contains("SIGSEGV"), output);
      assertEquals(0, child.exitValue(), () -> "child " + i + " crashed on exit:\n" + output);
    }
    try (Stream<Path> files = Files.list(work)) {
      assertEquals(0, files.filter(f -> f.getFileName().toString().startsWith("hs_err")).count());
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private Process start(Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    return new ProcessBuilder(
            java,
            "-XX:ErrorFile=" + work.resolve("hs_err_%p.log"),
            "-cp",
            System.getProperty("java.class.path"),
            ExitWhileModelsRun.class.getName(),
            Fixtures.tinyModels().toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }
}
