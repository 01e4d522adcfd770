package dev.modelcache.engine.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.lang.System.Logger.Level;

/**
 * The process's one ONNX Runtime environment, with one global intra-op thread pool shared by every
 * session: a hundred cached models cost the same threads as one. The pool's threads sleep when idle
 * (spin control off), so an idle service uses no CPU.
 *
 * <p>ONNX Runtime allows one environment per process, and its thread pools are fixed when it is
 * created; so the first {@link #get} decides the pool size and later calls share it. Everything in
 * this engine that needs the environment comes here; nothing may call {@code
 * OrtEnvironment.getEnvironment()} first. If something did, the environment has no global pools and
 * sessions fall back to a pool each, with a warning. Thread-safe.
 */
public final class OrtRuntime {
  private static final System.Logger LOG = System.getLogger(OrtRuntime.class.getName());
  private static OrtRuntime instance;

  private final OrtEnvironment env;
  private final int intraOpThreads;
  private final boolean globalPools;

  private OrtRuntime(OrtEnvironment env, int intraOpThreads, boolean globalPools) {
    this.env = env;
    this.intraOpThreads = intraOpThreads;
    this.globalPools = globalPools;
  }

  /**
   * The runtime, created on first use with a global intra-op pool of {@code intraOpThreads} threads
   * (0 = one per available core) and one inter-op thread.
   *
   * @param intraOpThreads {@code INFERENCE_THREADS}; only the first call's value takes effect
   */
  public static synchronized OrtRuntime get(int intraOpThreads) {
    if (intraOpThreads < 0) {
      throw new IllegalArgumentException("intraOpThreads must be >= 0: " + intraOpThreads);
    }
    int threads = intraOpThreads > 0 ? intraOpThreads : Runtime.getRuntime().availableProcessors();
    if (instance == null) {
      instance = create(threads);
      RuntimeWarmup.ensure(instance);
    } else if (threads != instance.intraOpThreads) {
      LOG.log(
          Level.WARNING,
          "ONNX Runtime already runs with {0} intra-op threads; {1} requested later is ignored",
          instance.intraOpThreads,
          threads);
    }
    return instance;
  }

  private static OrtRuntime create(int threads) {
    try (OrtEnvironment.ThreadingOptions threading = new OrtEnvironment.ThreadingOptions()) {
      threading.setGlobalIntraOpNumThreads(threads);
      threading.setGlobalInterOpNumThreads(1);
      threading.setGlobalSpinControl(false);
      OrtEnvironment env =
          OrtEnvironment.getEnvironment(
              OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, OrtEnvironment.DEFAULT_NAME, threading);
      return new OrtRuntime(env, threads, true);
    } catch (OrtException | IllegalStateException e) {
      LOG.log(
          Level.WARNING,
          "ONNX Runtime's environment existed before the engine configured it; each session gets"
              + " its own thread pool: "
              + e.getMessage());
      return new OrtRuntime(OrtEnvironment.getEnvironment(), threads, false);
    }
  }

  /** The environment sessions and tensors are created in. */
  public OrtEnvironment environment() {
    return env;
  }

  /** Threads in the intra-op pool (or per session, without global pools). */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /** Whether sessions share the global pools; false only if the environment predates the engine. */
  public boolean globalPools() {
    return globalPools;
  }

  /**
   * Options for a new session: all graph optimisations, and the global thread pools (or, without
   * them, {@link #intraOpThreads()} threads of its own and one inter-op thread). The caller closes
   * them.
   */
  OrtSession.SessionOptions sessionOptions() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    try {
      options.setOptimizationLevel(OptLevel.ALL_OPT);
      if (globalPools) {
        options.disablePerSessionThreads();
      } else {
        options.setIntraOpNumThreads(intraOpThreads);
        options.setInterOpNumThreads(1);
      }
      return options;
    } catch (OrtException | RuntimeException e) {
      options.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "OrtRuntime["
        + intraOpThreads
        + " intra-op threads, "
        + (globalPools ? "global pools" : "per-session pools")
        + "]";
  }
}
