package dev.modelcache.engine.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import dev.modelcache.api.ModelId;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where ONNX Runtime sessions run: on the CPU, or on CUDA device N through the CUDA execution
 * provider, with a device-memory budget of its own ({@code MODEL_CACHE_MAX_GPU_MEMORY_MB}) apart
 * from the host budget, which still gets each model's resident-set growth.
 *
 * <p>{@link #resolve} decides once, at start-up, by creating and running a 16 KB session on the
 * device: {@code auto} falls back to the CPU with one warning saying why, {@code cuda} fails. Then
 * each load asks {@link #place} for a device: CUDA while the budget has room for the model's
 * estimate (the session's arena is capped at what is left), else the CPU; after the load's warm-up
 * {@link #loaded} charges the device memory it measured ({@link GpuMemoryProbe}), or the estimate
 * where it cannot measure. A closed model's charge is dropped at the next placement.
 *
 * <p>Thread-safe: the charges are under this object's lock; loads are serialised by the cache,
 * which is what makes the device-wide measurement belong to one model.
 */
public final class ExecutionProviders {
  private static final System.Logger LOG = System.getLogger(ExecutionProviders.class.getName());
  private static final long MIB = 1024L * 1024L;

  private final Device device;
  private final long budgetBytes;
  private final GpuMemoryProbe probe;
  // Models on the device, by name, with their charge; under "this".
  private final Map<ModelId, Charge> charges = new LinkedHashMap<>();

  /** What one load was given. */
  public record Placement(Device device, long arenaLimitBytes, OptionalLong deviceUsedBefore) {}

  /** A model's device-memory charge. */
  private record Charge(LoadedModel model, long bytes, boolean measured) {}

  /** A device's budget and what is charged to it. */
  public record GpuMemory(Device device, long usedBytes, long budgetBytes, int models) {}

  private ExecutionProviders(Device device, long budgetBytes, GpuMemoryProbe probe) {
    this.device = device;
    this.budgetBytes = budgetBytes;
    this.probe = probe;
  }

  /** A CUDA device taken as working, for tests of the budget without one. */
  static ExecutionProviders onDevice(Device cuda, long budgetBytes, GpuMemoryProbe probe) {
    return new ExecutionProviders(cuda, budgetBytes, probe);
  }

  /**
   * Device memory a model is expected to need before it is measured: its weights, and as much again
   * for the warm-up batch's activations and the kernels' workspace.
   */
  public static long deviceEstimate(long onnxBytes) {
    return 2 * onnxBytes + 32 * MIB;
  }

  /** Every session on the CPU. */
  public static ExecutionProviders cpu() {
    return new ExecutionProviders(Device.CPU, 0, GpuMemoryProbe.unavailable());
  }

  /**
   * Decides where sessions run.
   *
   * @param requested {@code INFERENCE_DEVICE}
   * @param budgetMb {@code MODEL_CACHE_MAX_GPU_MEMORY_MB}; 0 = the device's free memory at start
   * @throws IllegalStateException if {@code cuda} or {@code cuda:N} was asked for and CUDA cannot
   *     be used, saying why
   */
  public static ExecutionProviders resolve(
      Device requested, long budgetMb, OrtRuntime runtime, GpuMemoryProbe probe) {
    if (budgetMb < 0) {
      throw new IllegalArgumentException("MODEL_CACHE_MAX_GPU_MEMORY_MB must be >= 0: " + budgetMb);
    }
    if (requested.kind() == Device.Kind.CPU) {
      return cpu();
    }
    Device cuda = Device.cuda(requested.id());
    Optional<String> problem = cudaProblem(runtime, cuda);
    if (problem.isPresent()) {
      if (requested.kind() == Device.Kind.AUTO) {
        LOG.log(
            Level.WARNING,
            "INFERENCE_DEVICE=auto: models run on the CPU, because " + problem.get());
        return cpu();
      }
      throw new IllegalStateException(
          "INFERENCE_DEVICE="
              + requested
              + " but the CUDA execution provider cannot run here: "
              + problem.get()
              + ". Set INFERENCE_DEVICE=cpu (or auto, which falls back to the CPU), or run the gpu"
              + " build (-Pgpu) where an NVIDIA driver, CUDA 12 and cuDNN 9 are installed");
    }
    long budget =
        budgetMb > 0
            ? budgetMb * MIB
            : probe.freeBytes(cuda.id()).orElseGet(() -> unmeasured(cuda));
    LOG.log(
        Level.INFO,
        "models run on {0} (CUDA execution provider), device memory budget {1} MB",
        cuda,
        budget == Long.MAX_VALUE ? "unlimited" : String.valueOf(budget / MIB));
    return new ExecutionProviders(cuda, budget, probe);
  }

  private static long unmeasured(Device cuda) {
    LOG.log(
        Level.WARNING,
        "cannot read {0}''s free memory (nvidia-smi): no device-memory budget; set"
            + " MODEL_CACHE_MAX_GPU_MEMORY_MB",
        cuda);
    return Long.MAX_VALUE;
  }

  /** Why CUDA cannot run here, or empty if a session ran on it. */
  static Optional<String> cudaProblem(OrtRuntime runtime, Device cuda) {
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      return Optional.of(
          "this ONNX Runtime build has no CUDA execution provider (the gpu build is -Pgpu)");
    }
    try (InputStream in = RuntimeWarmup.class.getResourceAsStream("runtime-warmup.onnx")) {
      if (in == null) {
        return Optional.of("runtime-warmup.onnx is missing from the engine's resources");
      }
      byte[] graph = in.readAllBytes();
      try (OrtSession.SessionOptions options = runtime.sessionOptions()) {
        addCuda(options, cuda, Long.MAX_VALUE);
        try (OrtSession session = runtime.environment().createSession(graph, options);
            OnnxTensor x = OnnxTensor.createTensor(runtime.environment(), new float[32][64]);
            OrtSession.Result result = session.run(Map.of("x", x))) {
          result.get(0);
        }
      }
      return Optional.empty();
    } catch (IOException | OrtException | RuntimeException | LinkageError e) {
      return Optional.of("a session on " + cuda + " failed: " + e.getMessage());
    }
  }

  private static void addCuda(OrtSession.SessionOptions options, Device cuda, long arenaLimit)
      throws OrtException {
    try (OrtCUDAProviderOptions cudaOptions = new OrtCUDAProviderOptions(cuda.id())) {
      // The arena grows by what is asked for, not by powers of two: the measured footprint is
      // what the model needs.
      cudaOptions.add("arena_extend_strategy", "kSameAsRequested");
      if (arenaLimit != Long.MAX_VALUE) {
        cudaOptions.add("gpu_mem_limit", String.valueOf(arenaLimit));
      }
      options.addCUDA(cudaOptions);
    }
  }

  /** The device sessions are placed on when the budget has room: {@code cpu} or {@code cuda:N}. */
  public Device device() {
    return device;
  }

  /**
   * The device for a model about to load.
   *
   * @param estimateBytes what the model is expected to need on the device
   */
  public synchronized Placement place(ModelId id, long estimateBytes) {
    if (!device.isCuda()) {
      return new Placement(Device.CPU, 0, OptionalLong.empty());
    }
    charges.values().removeIf(charge -> charge.model().isClosed());
    long left = budgetBytes - charged();
    if (budgetBytes != Long.MAX_VALUE && left < estimateBytes) {
      LOG.log(
          Level.INFO,
          "{0} runs on the CPU: {1} MB of device memory left, {2} MB expected",
          id,
          left / MIB,
          estimateBytes / MIB);
      return new Placement(Device.CPU, 0, OptionalLong.empty());
    }
    return new Placement(device, left, probe.usedBytes(device.id()));
  }

  /** Adds the placement's execution provider to a session's options. */
  public void apply(Placement placement, OrtSession.SessionOptions options) throws OrtException {
    if (placement.device().isCuda()) {
      addCuda(options, placement.device(), placement.arenaLimitBytes());
    }
  }

  /**
   * Records a model loaded (and warmed up) under a placement: on a CUDA device it is charged the
   * device memory that grew across its load, or {@code estimateBytes} where that cannot be read.
   */
  public synchronized void loaded(Placement placement, LoadedModel model, long estimateBytes) {
    if (!placement.device().isCuda()) {
      return;
    }
    OptionalLong after = probe.usedBytes(placement.device().id());
    boolean measured = placement.deviceUsedBefore().isPresent() && after.isPresent();
    long bytes =
        measured
            ? Math.max(0, after.getAsLong() - placement.deviceUsedBefore().getAsLong())
            : estimateBytes;
    charges.put(model.id(), new Charge(model, bytes, measured));
    LOG.log(
        Level.INFO,
        "{0} on {1}: {2} MB of device memory {3}",
        model.id(),
        placement.device(),
        String.format(Locale.ROOT, "%.1f", bytes / (double) MIB),
        measured ? "measured" : "estimated");
  }

  /** The device a loaded model runs on: {@code cuda:N} if it was placed there, else the CPU. */
  public synchronized Device deviceOf(ModelId id) {
    Charge charge = charges.get(id);
    return charge != null && !charge.model().isClosed() ? device : Device.CPU;
  }

  /** Device memory charged to the models on it now, or empty when everything runs on the CPU. */
  public synchronized Optional<GpuMemory> gpuMemory() {
    if (!device.isCuda()) {
      return Optional.empty();
    }
    charges.values().removeIf(charge -> charge.model().isClosed());
    return Optional.of(new GpuMemory(device, charged(), budgetBytes, charges.size()));
  }

  private long charged() {
    return charges.values().stream().mapToLong(Charge::bytes).sum();
  }

  @Override
  public String toString() {
    return device.isCuda() ? device + " (CUDA execution provider)" : "cpu";
  }
}
