package dev.modelcache.bench.jmh;

import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.OnnxModelLoader;
import dev.modelcache.engine.model.LocalDirectorySource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The models and texts the benchmarks share. Stateless. */
final class BenchModels {
  static final String SPAM = "spam-detector";
  static final String MINILM = "sentence-transformers/all-MiniLM-L6-v2";

  /** 32 sentences of everyday length (8 to 40 words), in no particular order. */
  static final List<String> SENTENCES = sentences();

  private BenchModels() {}

  /** The default model repository: {@code -Dmodelcache.modelRepo} or the build's output. */
  static Path repository() {
    Path repo =
        Path.of(System.getProperty("modelcache.modelRepo", "cache-engine/target/model-repo"));
    if (!Files.isDirectory(repo.resolve(SPAM))) {
      throw new IllegalStateException(
          "no model repository at " + repo.toAbsolutePath() + ": build cache-engine first");
    }
    return repo;
  }

  /** A loader for the repository with the service's defaults (batch 32, 512 tokens). */
  static OnnxModelLoader loader() {
    return new OnnxModelLoader(new LocalDirectorySource(repository()), InferenceOptions.DEFAULTS);
  }

  private static List<String> sentences() {
    String[] words =
        ("the model cache keeps recently used networks in memory so that the next request does not"
                + " pay for loading them again while a busy service answers many short questions"
                + " about invoices meetings builds releases prizes offers and tickets every day")
            .split(" ");
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      int length = 8 + (i * 13) % 33;
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < length; w++) {
        text.append(w == 0 ? "" : " ").append(words[(i * 7 + w * 3) % words.length]);
      }
      out.add(text.append('.').toString());
    }
    return List.copyOf(out);
  }
}
