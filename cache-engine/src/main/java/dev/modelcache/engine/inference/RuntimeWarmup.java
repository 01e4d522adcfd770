package dev.modelcache.engine.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Switches ONNX Runtime's telemetry off and pays the process's one-time costs of ONNX Runtime and
 * the tokenizer library (native code, kernels, global state) once, before any model is measured, so
 * they are not charged to whichever model loads first. Runs a 16 KB graph from this package's
 * resources ({@code tools/models/make_runtime_warmup.py}) and a three-token in-memory tokenizer.
 * The graph runs on the global thread pools, so their threads exist before the first model is
 * measured. Thread-safe.
 */
final class RuntimeWarmup {
  private static final System.Logger LOG = System.getLogger(RuntimeWarmup.class.getName());
  private static boolean done;

  private RuntimeWarmup() {}

  static synchronized void ensure(OrtRuntime runtime) {
    if (done) {
      return;
    }
    done = true;
    OrtEnvironment env = runtime.environment();
    try {
      // ONNX Runtime's Linux builds may send usage telemetry; the service sends nothing.
      env.setTelemetry(false);
    } catch (OrtException e) {
      LOG.log(Level.WARNING, "cannot switch ONNX Runtime telemetry off", e);
    }
    try (InputStream in = RuntimeWarmup.class.getResourceAsStream("runtime-warmup.onnx")) {
      if (in == null) {
        throw new IOException("runtime-warmup.onnx is missing from the engine's resources");
      }
      byte[] graph = in.readAllBytes();
      try (OrtSession.SessionOptions options = runtime.sessionOptions();
          OrtSession session = env.createSession(graph, options);
          OnnxTensor x = OnnxTensor.createTensor(env, new float[32][64]);
          OrtSession.Result result = session.run(Map.of("x", x))) {
        result.get(0);
      }
      TextTokenizer.warmUpLibrary();
    } catch (IOException | OrtException | RuntimeException e) {
      // Not fatal: the first model is then charged a little more than it uses.
      LOG.log(Level.WARNING, "runtime warm-up failed; the first model load will include it", e);
    }
  }
}
