package dev.modelcache.engine.inference;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.model.LocalDirectorySource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Many loaded models do not mean many thread pools: every session runs on ONNX Runtime's one global
 * intra-op pool, so loading ten sessions leaves the process's thread count (native threads
 * included, from {@code /proc/self/task}) where it was, give or take the JVM's own.
 */
class SessionsShareOneThreadPoolTest {
  private static final int SESSIONS = 10;
  private static final Path TASKS = Path.of("/proc/self/task");

  @Test
  void loadingTenSessionsAddsNoPoolPerSession() throws IOException {
    assumeTrue(Files.isDirectory(TASKS), "needs Linux /proc");
    OnnxModelLoader loader =
        new OnnxModelLoader(
            new LocalDirectorySource(Fixtures.tinyModels()),
            InferenceOptions.DEFAULTS.withMaxSequenceLength(128).withWarmupTokens(8));
    assertTrue(loader.runtime().globalPools(), "the engine created the environment: " + loader);
    List<LoadedModel> models = new ArrayList<>();
    String[] names = {"tiny-a", "tiny-b", "tiny-c", "tiny-d", "tiny-e"};
    try {
      models.add(loader.load(ModelId.of("tiny-a"))); // the pool and the JVM's own threads settle
      long before = threads();
      for (int i = 0; i < SESSIONS; i++) {
        models.add(loader.load(ModelId.of(names[i % names.length])));
      }
      long after = threads();
      int pool = loader.runtime().intraOpThreads();
      System.out.printf(
          "threads before %d, after %d more sessions %d (global pool of %d; per-session pools"
              + " would add about %d)%n",
          before, SESSIONS, after, pool, SESSIONS * Math.max(1, pool - 1));
      assertTrue(
          after - before < SESSIONS / 2,
          "threads grew from " + before + " to " + after + " for " + SESSIONS + " sessions");
    } finally {
      models.forEach(LoadedModel::close);
    }
  }

  private static long threads() throws IOException {
    try (Stream<Path> tasks = Files.list(TASKS)) {
      return tasks.count();
    }
  }
}
