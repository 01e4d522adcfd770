package dev.modelcache.engine.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

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
 *
 * <p>The environment outlives the JVM's shutdown hooks: see {@link #outliveBindingShutdownHook}.
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
      outliveBindingShutdownHook();
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

  /**
   * Takes one more reference to the native environment and never gives it back.
   *
   * <p>ONNX Runtime's Java binding registers a JVM shutdown hook that releases the native
   * environment, and with it the global thread pool, the moment the JVM begins to exit (SIGTERM,
   * {@code System.exit}). Shutdown hooks run all at once, and daemon threads keep running: a
   * request inside {@code OrtSession.run}, or a load creating a session, then works on freed memory
   * and the process dies of SIGSEGV (status 134 and an {@code hs_err} file) instead of stopping.
   * The native environment counts its references and is freed only when the count reaches zero;
   * with this one held, the hook's release only decrements it, and the exiting process returns the
   * memory anyway.
   *
   * <p>The binding offers no public way to do this (its {@code close()} does nothing), so its
   * private {@code OrtEnvironment.createHandle}, which calls the C API's {@code CreateEnv}, is
   * called by reflection: for an existing environment {@code CreateEnv} returns it and adds a
   * reference. If a later binding renames either, the service still runs, with a warning that a
   * stop under load may crash.
   */
  private static void outliveBindingShutdownHook() {
    try {
      Class<?> library =
          Class.forName("ai.onnxruntime.OnnxRuntime", true, OrtEnvironment.class.getClassLoader());
      Field api = library.getDeclaredField("ortApiHandle");
      api.setAccessible(true);
      Method createHandle =
          OrtEnvironment.class.getDeclaredMethod(
              "createHandle", long.class, int.class, String.class);
      createHandle.setAccessible(true);
      createHandle.invoke(
          null,
          api.getLong(null),
          OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING.getValue(),
          OrtEnvironment.DEFAULT_NAME);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "could not hold ONNX Runtime's environment past its shutdown hook; stopping the JVM"
              + " while a model runs or loads may crash it: "
              + e);
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
  public OrtSession.SessionOptions sessionOptions() throws OrtException {
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
