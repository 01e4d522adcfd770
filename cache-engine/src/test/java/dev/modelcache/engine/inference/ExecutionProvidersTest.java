package dev.modelcache.engine.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.modelcache.api.ModelId;
import dev.modelcache.engine.model.ModelTask;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Where sessions run. On a machine without a usable CUDA provider (CI's, the CPU build's): {@code
 * auto} falls back to the CPU and {@code cuda} refuses to start. The device-memory budget's
 * arithmetic runs against a scripted probe, without a device.
 */
class ExecutionProvidersTest {
  private static final long MIB = 1024L * 1024L;

  private static final OrtRuntime RUNTIME = OrtRuntime.get(0);

  private static boolean cudaRunsHere() {
    return ExecutionProviders.cudaProblem(RUNTIME, Device.cuda(0)).isEmpty();
  }

  @Test
  void autoFallsBackToTheCpuWhereCudaCannotRun() {
    Assumptions.assumeFalse(cudaRunsHere(), "this machine runs CUDA");

    ExecutionProviders providers =
        ExecutionProviders.resolve(Device.AUTO, 0, RUNTIME, GpuMemoryProbe.unavailable());

    assertEquals(Device.CPU, providers.device());
    assertEquals(Device.CPU, providers.place(ModelId.of("m"), 1).device());
    assertTrue(providers.gpuMemory().isEmpty());
  }

  @Test
  void cudaRefusesToStartSayingWhyWhereCudaCannotRun() {
    Assumptions.assumeFalse(cudaRunsHere(), "this machine runs CUDA");

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ExecutionProviders.resolve(
                    Device.cuda(0), 0, RUNTIME, GpuMemoryProbe.unavailable()));

    assertTrue(e.getMessage().startsWith("INFERENCE_DEVICE=cuda:0 but the CUDA"), e.getMessage());
    String why =
        OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)
            ? "a session on cuda:0 failed"
            : "has no CUDA execution provider (the gpu build is -Pgpu)";
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void cpuIsCpuWithoutAsking() {
    assertEquals(
        Device.CPU,
        ExecutionProviders.resolve(Device.CPU, 0, RUNTIME, GpuMemoryProbe.unavailable()).device());
  }

  @Test
  void modelsGoOnTheDeviceWhileTheBudgetHasRoomAndAreChargedWhatWasMeasured() {
    ScriptedProbe probe = new ScriptedProbe(100, 700, 700, 750);
    ExecutionProviders providers = ExecutionProviders.onDevice(Device.cuda(1), 1000 * MIB, probe);

    ExecutionProviders.Placement first = providers.place(ModelId.of("a"), 400 * MIB);
    assertEquals(Device.cuda(1), first.device());
    assertEquals(1000 * MIB, first.arenaLimitBytes());
    Model a = new Model("a");
    providers.loaded(first, a, 400 * MIB);
    assertEquals(600 * MIB, providers.gpuMemory().orElseThrow().usedBytes());
    assertEquals(Device.cuda(1), providers.deviceOf(ModelId.of("a")));

    ExecutionProviders.Placement second = providers.place(ModelId.of("b"), 500 * MIB);
    assertEquals(Device.CPU, second.device(), "400 MB left, 500 MB expected");
    assertEquals(Device.CPU, providers.deviceOf(ModelId.of("b")));

    ExecutionProviders.Placement third = providers.place(ModelId.of("c"), 40 * MIB);
    assertEquals(400 * MIB, third.arenaLimitBytes());
    providers.loaded(third, new Model("c"), 40 * MIB);
    assertEquals(650 * MIB, providers.gpuMemory().orElseThrow().usedBytes());
    assertEquals(2, providers.gpuMemory().orElseThrow().models());

    a.close();
    assertEquals(50 * MIB, providers.gpuMemory().orElseThrow().usedBytes());
    assertEquals(Device.CPU, providers.deviceOf(ModelId.of("a")));
    assertEquals(Device.cuda(1), providers.place(ModelId.of("b"), 500 * MIB).device());
  }

  @Test
  void withoutAReadingTheEstimateIsCharged() {
    ExecutionProviders providers =
        ExecutionProviders.onDevice(Device.cuda(0), 1000 * MIB, GpuMemoryProbe.unavailable());

    ExecutionProviders.Placement p = providers.place(ModelId.of("a"), 300 * MIB);
    providers.loaded(p, new Model("a"), 300 * MIB);

    assertEquals(300 * MIB, providers.gpuMemory().orElseThrow().usedBytes());
    assertFalse(providers.place(ModelId.of("b"), 701 * MIB).device().isCuda());
  }

  /** Answers device-used readings in MiB from a script, in order. */
  private static final class ScriptedProbe implements GpuMemoryProbe {
    private final Deque<Long> used = new ArrayDeque<>();

    ScriptedProbe(long... mib) {
      for (long m : mib) {
        used.add(m * MIB);
      }
    }

    @Override
    public OptionalLong usedBytes(int device) {
      Long next = used.poll();
      return next == null ? OptionalLong.empty() : OptionalLong.of(next);
    }

    @Override
    public OptionalLong freeBytes(int device) {
      return OptionalLong.empty();
    }
  }

  /** A loaded model that only knows its name and whether it was closed. */
  private static final class Model implements LoadedModel {
    private final ModelId id;
    private volatile boolean closed;

    Model(String name) {
      this.id = ModelId.of(name);
    }

    @Override
    public ModelId id() {
      return id;
    }

    @Override
    public ModelTask task() {
      return ModelTask.SEQUENCE_CLASSIFICATION;
    }

    @Override
    public List<Inference> predict(List<String> texts) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long weightBytes() {
      return 1;
    }

    @Override
    public boolean isClosed() {
      return closed;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
