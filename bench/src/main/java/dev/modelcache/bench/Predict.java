package dev.modelcache.bench;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.CacheConfig;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.ModelLease;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Embedding;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.OnnxModelLoader;
import dev.modelcache.engine.model.LocalDirectorySource;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one model of a local repository on texts given as arguments and prints the results: the
 * engine without the service. Usage: {@code Predict <model directory> <model name> <text>...}.
 */
public final class Predict {
  private Predict() {}

  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: Predict <model directory> <model name> <text>...");
      System.exit(2);
    }
    List<String> texts = Arrays.asList(args).subList(2, args.length);
    OnnxModelLoader loader =
        new OnnxModelLoader(new LocalDirectorySource(Path.of(args[0])), InferenceOptions.DEFAULTS);
    try (ModelCache cache = new ModelCache(loader, CacheConfig.builder().build());
        ModelLease lease = cache.acquire(ModelId.of(args[1]))) {
      long start = System.nanoTime();
      List<Inference> results = lease.predict(texts);
      double millis = (System.nanoTime() - start) / 1e6;
      for (int i = 0; i < texts.size(); i++) {
        System.out.println(describe(results.get(i)) + "  <- " + texts.get(i));
      }
      System.out.printf(
          "%d text(s) in %.1f ms; model charged %.1f MB%n",
          texts.size(), millis, cache.stats().usedBytes() / (1024.0 * 1024.0));
    }
  }

  private static String describe(Inference result) {
    if (result instanceof Classification c) {
      return String.format("%s %.4f %s", c.label(), c.confidence(), c.scores());
    }
    float[] v = ((Embedding) result).vector();
    return String.format("embedding[%d] %.4f %.4f %.4f ...", v.length, v[0], v[1], v[2]);
  }
}
