package dev.modelcache.engine.inference;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.model.LocalDirectorySource;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A child process for {@link TheProcessExitsCleanlyWhileModelsRunTest}: keeps ONNX Runtime busy on
 * several threads (inference on one session, sessions created, warmed up and closed on another),
 * and once every thread has gone round at least once, exits the JVM while they are inside native
 * code. Exits 0 unless the exit crashes.
 *
 * <p>Arguments: the tiny models' folder.
 */
public final class ExitWhileModelsRun {
  private static final int PREDICTING_THREADS = 3;

  private ExitWhileModelsRun() {}

  public static void main(String[] args) throws Exception {
    OnnxModelLoader loader =
        new OnnxModelLoader(
            new LocalDirectorySource(Path.of(args[0])),
            InferenceOptions.DEFAULTS.withMaxSequenceLength(128).withWarmupTokens(64));
    LoadedModel model = loader.load(ModelId.of("tiny-a"));
    List<String> texts = Collections.nCopies(32, String.join(" ", Collections.nCopies(60, "word")));
    CountDownLatch everyThreadRan = new CountDownLatch(PREDICTING_THREADS + 1);
    for (int i = 0; i < PREDICTING_THREADS; i++) {
      daemon(
          "predict-" + i,
          () -> {
            while (true) {
              model.predict(texts);
              everyThreadRan.countDown();
            }
          });
    }
    daemon(
        "load",
        () -> {
          while (true) {
            loader.load(ModelId.of("tiny-b")).close();
            everyThreadRan.countDown();
          }
        });
    everyThreadRan.await();
    System.out.println("exiting while models run");
    System.exit(0);
  }

  private static void daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
  }
}
