package dev.modelcache.bench;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.cache.CacheConfig;
import dev.modelcache.engine.cache.CacheStats;
import dev.modelcache.engine.cache.ModelCache;
import dev.modelcache.engine.cache.ModelStats;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.OnnxModelLoader;
import dev.modelcache.engine.memory.MemoryProbe;
import dev.modelcache.engine.model.LocalDirectorySource;
import dev.modelcache.engine.model.ModelSource;
import java.nio.file.Path;
import java.util.List;

/**
 * Prints, for one model of each kind, the bytes the cache charged against the resident-set growth
 * seen from outside the cache, and what came back on unload; then the resident set before and after
 * 100 load/unload cycles of one model (a leak would show as steady growth).
 *
 * <p>Usage: {@code MemoryReport <fixtures/models> <default model repository> [cycles]}. Run it in a
 * fresh JVM: earlier allocations in the same process blur the deltas.
 */
public final class MemoryReport {
  private static final MemoryProbe RSS = MemoryProbe.procStatus();
  private static final List<String> MODELS =
      List.of("tiny-a", "spam-detector", "sentence-transformers/all-MiniLM-L6-v2");

  private MemoryReport() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: MemoryReport <fixtures/models> <model repository> [cycles]");
      System.exit(2);
    }
    int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    ModelSource source =
        ModelSource.chain(
            List.of(
                new LocalDirectorySource(Path.of(args[0])),
                new LocalDirectorySource(Path.of(args[1]))));
    InferenceOptions options = InferenceOptions.DEFAULTS;
    Runtime jvm = Runtime.getRuntime();
    System.out.printf(
        "warm-up batch %d x %d tokens, max sequence %d; Java %s, max heap %d MB,"
            + " MALLOC_ARENA_MAX=%s%n%n",
        options.batchSize(),
        options.warmupTokens(),
        options.maxSequenceLength(),
        Runtime.version(),
        jvm.maxMemory() >> 20,
        System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset"));

    try (ModelCache cache =
        new ModelCache(
            new OnnxModelLoader(source, options), CacheConfig.builder().maxModels(10).build())) {
      System.out.printf(
          "%-40s %-22s %8s %10s %12s %12s %12s%n",
          "model", "task", "file MB", "load ms", "charged MB", "method", "RSS +MB");
      for (String name : MODELS) {
        long before = rss();
        cache.preload(ModelId.of(name), false);
        long after = rss();
        ModelStats stats = find(cache.stats(), name);
        System.out.printf(
            "%-40s %-22s %8.1f %10d %12.1f %12s %12.1f%n",
            name,
            stats.task(),
            mb(fileBytes(source, name)),
            stats.loadNanos() / 1_000_000,
            mb(stats.footprint().bytes()),
            stats.footprint().method(),
            mb(after - before));
      }
      System.out.println();
      System.out.printf("%-40s %12s %12s%n", "unloaded", "charged MB", "RSS -MB");
      for (String name : MODELS) {
        long charged = find(cache.stats(), name).footprint().bytes();
        long before = rss();
        cache.unload(ModelId.of(name));
        System.out.printf("%-40s %12.1f %12.1f%n", name, mb(charged), mb(before - rss()));
      }

      String cycled = "spam-detector";
      System.gc();
      long heapStart = jvm.totalMemory() - jvm.freeMemory();
      long start = rss();
      long[] checkpoints = new long[5];
      for (int i = 1; i <= cycles; i++) {
        cache.preload(ModelId.of(cycled), false);
        cache.unload(ModelId.of(cycled));
        if (i % Math.max(1, cycles / 4) == 0 && i / Math.max(1, cycles / 4) < checkpoints.length) {
          checkpoints[i / Math.max(1, cycles / 4)] = rss();
        }
      }
      System.gc();
      long heapEnd = jvm.totalMemory() - jvm.freeMemory();
      long end = rss();
      CacheStats stats = cache.stats();
      System.out.printf(
          "%n%d load/unload cycles of %s: RSS %.1f MB -> %.1f MB (%+.1f MB); quarters %s MB;"
              + " heap after GC %.1f MB -> %.1f MB; reclaimed on close %.1f MB of %.1f MB charged"
              + " over %d closes%n",
          cycles,
          cycled,
          mb(start),
          mb(end),
          mb(end - start),
          quarterly(checkpoints),
          mb(heapStart),
          mb(heapEnd),
          mb(stats.reclaimedBytes()),
          mb(stats.closedChargedBytes()),
          stats.closedCount());
    }
  }

  private static String quarterly(long[] checkpoints) {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < checkpoints.length; i++) {
      out.append(i > 1 ? ", " : "").append(String.format("%.1f", mb(checkpoints[i])));
    }
    return out.toString();
  }

  private static ModelStats find(CacheStats stats, String name) {
    return stats.models().stream()
        .filter(m -> m.id().toString().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static long fileBytes(ModelSource source, String name) {
    return source.locate(ModelId.of(name)).orElseThrow().onnxBytes();
  }

  private static long rss() {
    return RSS.residentBytes().orElseThrow(() -> new IllegalStateException("no /proc/self/status"));
  }

  private static double mb(long bytes) {
    return bytes / (1024.0 * 1024.0);
  }
}
