package dev.modelcache.bench;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.inference.Classification;
import dev.modelcache.engine.inference.Device;
import dev.modelcache.engine.inference.Embedding;
import dev.modelcache.engine.inference.ExecutionProviders;
import dev.modelcache.engine.inference.GpuMemoryProbe;
import dev.modelcache.engine.inference.Inference;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.OnnxModelLoader;
import dev.modelcache.engine.inference.OrtRuntime;
import dev.modelcache.engine.integrity.ModelIntegrity;
import dev.modelcache.engine.model.LocalDirectorySource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The CUDA execution provider on a real device: each model of a local repository loaded on the CPU
 * and on {@code INFERENCE_DEVICE} (default {@code cuda}), the same texts through both, the largest
 * difference between their outputs, the time of a batch on each, and the device memory each model
 * was charged (measured through nvidia-smi). Prints a table; exits 1 if the device cannot be used
 * or the outputs differ by more than 1e-3. Usage: {@code GpuCheck <model directory> <name>...}.
 */
public final class GpuCheck {
  private static final int BATCH = 32;
  private static final int ROUNDS = 20;

  private GpuCheck() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: GpuCheck <model directory> <model name>...");
      System.exit(2);
    }
    LocalDirectorySource source = new LocalDirectorySource(Path.of(args[0]));
    InferenceOptions options = InferenceOptions.DEFAULTS;
    Device device = Device.parse(System.getenv().getOrDefault("INFERENCE_DEVICE", "cuda").trim());
    long budgetMb =
        Long.parseLong(System.getenv().getOrDefault("MODEL_CACHE_MAX_GPU_MEMORY_MB", "0"));
    ExecutionProviders gpu =
        ExecutionProviders.resolve(
            device, budgetMb, OrtRuntime.get(options.intraOpThreads()), GpuMemoryProbe.nvidiaSmi());
    OnnxModelLoader onCpu = new OnnxModelLoader(source, options);
    OnnxModelLoader onGpu =
        new OnnxModelLoader(source, options, ModelIntegrity.checkIfPresent(), gpu, List.of());
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      texts.add("The nightly build " + i + " failed again; could you look at the failing test?");
    }
    System.out.printf(
        "%-42s %-8s %12s %12s %12s %14s%n",
        "model", "device", "max |diff|", "cpu ms/batch", "gpu ms/batch", "device MB");
    boolean ok = true;
    for (int m = 1; m < args.length; m++) {
      ModelId id = ModelId.of(args[m]);
      try (LoadedModel cpu = onCpu.load(id);
          LoadedModel cuda = onGpu.load(id)) {
        double diff = maxDifference(cpu.predict(texts), cuda.predict(texts));
        ok &= diff <= 1e-3 && gpu.deviceOf(id).isCuda();
        System.out.printf(
            Locale.ROOT,
            "%-42s %-8s %12.2e %12.1f %12.1f %14.1f%n",
            id,
            gpu.deviceOf(id),
            diff,
            millisPerBatch(cpu, texts),
            millisPerBatch(cuda, texts),
            gpu.gpuMemory().map(g -> g.usedBytes() / 1048576.0).orElse(0.0));
      }
    }
    System.out.println(gpu.gpuMemory().map(Object::toString).orElse("no device memory in use"));
    System.exit(ok ? 0 : 1);
  }

  private static double millisPerBatch(LoadedModel model, List<String> texts) {
    model.predict(texts);
    long start = System.nanoTime();
    for (int i = 0; i < ROUNDS; i++) {
      model.predict(texts);
    }
    return (System.nanoTime() - start) / 1e6 / ROUNDS;
  }

  private static double maxDifference(List<Inference> a, List<Inference> b) {
    double max = 0;
    for (int i = 0; i < a.size(); i++) {
      float[] x = values(a.get(i));
      float[] y = values(b.get(i));
      for (int j = 0; j < x.length; j++) {
        max = Math.max(max, Math.abs(x[j] - y[j]));
      }
    }
    return max;
  }

  private static float[] values(Inference result) {
    if (result instanceof Embedding e) {
      return e.vector();
    }
    return ((Classification) result).logits();
  }
}
