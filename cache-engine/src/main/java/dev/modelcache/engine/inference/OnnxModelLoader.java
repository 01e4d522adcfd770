package dev.modelcache.engine.inference;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.api.ModelNotFoundException;
import dev.modelcache.engine.integrity.ModelIntegrity;
import dev.modelcache.engine.model.ModelConfig;
import dev.modelcache.engine.model.ModelFiles;
import dev.modelcache.engine.model.ModelSource;
import dev.modelcache.engine.model.ModelTask;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Loads Hugging Face-layout ONNX text models from a {@link ModelSource}: checks the folder against
 * its {@code SHA256SUMS} manifest ({@link ModelIntegrity}), reads {@code config.json}, loads the
 * tokenizer, creates the session from the file path with all graph optimisations, checks that the
 * graph's inputs and outputs are ones this engine understands, and runs a warm-up batch. Any
 * failure closes what was opened and becomes a {@link ModelLoadException}. Thread-safe.
 */
public final class OnnxModelLoader implements ModelLoader {
  private static final long MIB = 1024L * 1024L;
  private static final Pattern SOURCE_LOCATION =
      Pattern.compile("/[^\\s:]*onnxruntime_src/[^\\s:]*:\\d+\\s*");

  private final ModelSource source;
  private final InferenceOptions options;
  private final OrtRuntime runtime;
  private final ModelIntegrity integrity;
  private final OrtEnvironment env;
  private final ExecutionProviders providers;
  private final List<ModelKind> kinds;
  // Files located by prepare(), consumed by the load that follows it.
  private final Map<ModelId, ModelFiles> prepared = new ConcurrentHashMap<>();

  /**
   * A loader on the process's ONNX Runtime ({@link OrtRuntime}), whose global thread pool gets
   * {@code options.intraOpThreads()} threads if this is the first use of the runtime, that checks
   * manifests where a model folder has one ({@link ModelIntegrity}).
   */
  public OnnxModelLoader(ModelSource source, InferenceOptions options) {
    this(source, options, ModelIntegrity.checkIfPresent());
  }

  public OnnxModelLoader(ModelSource source, InferenceOptions options, ModelIntegrity integrity) {
    this(source, options, integrity, ExecutionProviders.cpu(), List.of());
  }

  /**
   * A loader whose sessions run where {@code providers} places them (the CPU, or a CUDA device
   * within its memory budget), and that hands models of other {@code kinds} (text generation) to
   * their own loaders, after locating them and checking their manifests as it does its own.
   */
  public OnnxModelLoader(
      ModelSource source,
      InferenceOptions options,
      ModelIntegrity integrity,
      ExecutionProviders providers,
      List<ModelKind> kinds) {
    this.providers = Objects.requireNonNull(providers, "providers");
    this.source = Objects.requireNonNull(source, "source");
    this.kinds = List.copyOf(kinds);
    this.options = Objects.requireNonNull(options, "options");
    this.integrity = Objects.requireNonNull(integrity, "integrity");
    this.runtime = OrtRuntime.get(options.intraOpThreads());
    this.env = runtime.environment();
  }

  /** Where this loader's sessions run. */
  public ExecutionProviders providers() {
    return providers;
  }

  /** The runtime this loader's sessions run on. */
  public OrtRuntime runtime() {
    return runtime;
  }

  /** Locates the model now (fetching it, if the source downloads) and keeps its files for load. */
  @Override
  public void prepare(ModelId id) {
    prepared.put(id, locateInSource(id));
  }

  @Override
  public long estimateBytes(ModelId id) {
    ModelFiles files = locate(id);
    ModelKind kind = kindOf(files);
    return kind != null ? kind.estimateBytes(files) : estimate(files);
  }

  /** The other kind that recognises the model, or null for a classifier or embedding model. */
  private ModelKind kindOf(ModelFiles files) {
    return kinds.stream().filter(k -> k.recognises(files)).findFirst().orElse(null);
  }

  /**
   * Resident bytes a model is expected to take, from its files: ONNX Runtime holds the weights
   * (sometimes twice, as pre-packed copies), the warm-up leaves activations in its arena, and the
   * Rust tokenizer expands its JSON vocabulary several-fold. Calibrated against measured loads in
   * {@code docs/memory.md}.
   */
  static long estimate(ModelFiles files) {
    long onnx = files.onnxBytes();
    long tokenizer = files.bytesOnDisk() - onnx;
    return onnx * 3 / 2 + tokenizer * 8 + 4 * MIB;
  }

  @Override
  public LoadedModel load(ModelId id) {
    ModelFiles files = locate(id);
    prepared.remove(id);
    integrity.verify(files);
    ModelKind kind = kindOf(files);
    if (kind != null) {
      return kind.load(files);
    }
    ModelConfig config;
    try {
      config = ModelConfig.read(files);
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException(id, "config.json: " + withoutPaths(e, files), e);
    }
    if (!Files.isRegularFile(files.tokenizer())) {
      throw new ModelLoadException(id, TextTokenizer.whyMissing(files.directory()));
    }
    int maxLength = options.maxSequenceLength();
    if (config.maxPositions().isPresent()) {
      maxLength = Math.min(maxLength, config.maxPositions().getAsInt());
    }
    if (maxLength < 2) {
      throw new ModelLoadException(
          id,
          "config allows "
              + maxLength
              + " token(s) per text (max_position_embeddings or max_seq_length); at least 2 are"
              + " needed");
    }
    TextTokenizer tokenizer;
    try {
      tokenizer = TextTokenizer.load(files.tokenizer(), maxLength);
    } catch (IOException e) {
      throw new ModelLoadException(id, "tokenizer.json: " + withoutPaths(e, files), e);
    }
    OnnxModel model = null;
    ExecutionProviders.Placement placement =
        providers.place(id, ExecutionProviders.deviceEstimate(files.onnxBytes()));
    try {
      OrtSession session = createSession(id, files, placement);
      try {
        model = describe(id, session, tokenizer, config, files);
      } catch (RuntimeException e) {
        closeQuietly(session);
        throw e;
      }
      warmUp(model, maxLength);
      providers.loaded(placement, model, ExecutionProviders.deviceEstimate(files.onnxBytes()));
      return model;
    } catch (RuntimeException e) {
      try {
        if (model != null) {
          model.close();
        } else {
          tokenizer.close();
        }
      } catch (RuntimeException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e instanceof ModelLoadException
          ? e
          : new ModelLoadException(id, "warm-up inference failed: " + withoutPaths(e, files), e);
    }
  }

  @Override
  public String sourceOf(ModelId id) {
    return source.describe(id);
  }

  /** The files prepare() found, if they are still there; else the source's answer now. */
  private ModelFiles locate(ModelId id) {
    ModelFiles files = prepared.get(id);
    return files != null && Files.isRegularFile(files.onnx()) ? files : locateInSource(id);
  }

  private ModelFiles locateInSource(ModelId id) {
    return source
        .locate(id)
        .orElseThrow(
            () ->
                new ModelNotFoundException(
                    id, source.available().stream().map(ModelId::toString).toList()));
  }

  /**
   * A failure's message as clients may see it: the model folder's path and ONNX Runtime's source
   * locations ({@code /onnxruntime_src/...cc:123}) are cut, so errors do not map the server's file
   * system. The full message stays in the exception's cause for the log.
   */
  static String withoutPaths(Throwable failure, ModelFiles files) {
    String message = String.valueOf(failure.getMessage());
    String folder = files.directory().toAbsolutePath().toString();
    return SOURCE_LOCATION
        .matcher(message.replace(folder + "/", "").replace(folder, "."))
        .replaceAll("")
        .trim();
  }

  private OrtSession createSession(
      ModelId id, ModelFiles files, ExecutionProviders.Placement placement) {
    try (OrtSession.SessionOptions sessionOptions = runtime.sessionOptions()) {
      providers.apply(placement, sessionOptions);
      return env.createSession(files.onnx().toString(), sessionOptions);
    } catch (OrtException e) {
      throw new ModelLoadException(
          id,
          files.onnx().getFileName() + " is not a loadable ONNX model: " + withoutPaths(e, files),
          e);
    }
  }

  private OnnxModel describe(
      ModelId id,
      OrtSession session,
      TextTokenizer tokenizer,
      ModelConfig config,
      ModelFiles files) {
    GraphInputs inputs = GraphInputs.of(id, session.getInputNames(), config);
    OutputHead head = OutputHead.choose(id, config, session.getOutputNames(), files);
    ModelTask task =
        head instanceof OutputHead.Classifier
            ? ModelTask.SEQUENCE_CLASSIFICATION
            : ModelTask.FEATURE_EXTRACTION;
    boolean quantized;
    try {
      quantized = QuantizationScan.isDynamicallyQuantized(files.onnx());
    } catch (IOException e) {
      throw new ModelLoadException(id, "cannot read " + files.onnx().getFileName(), e);
    }
    return new OnnxModel(
        id,
        task,
        env,
        session,
        tokenizer,
        inputs,
        head,
        config,
        options.batchSize(),
        files.onnxBytes(),
        quantized,
        files.identity());
  }

  /**
   * Runs a full batch so that the memory the model needs to serve is resident, and checks labels.
   */
  private void warmUp(OnnxModel model, int maxLength) {
    int words = Math.max(1, Math.min(options.warmupTokens(), maxLength) - 2);
    String text = String.join(" ", Collections.nCopies(words, "the"));
    List<Inference> results = model.predict(Collections.nCopies(options.batchSize(), text));
    if (results.get(0) instanceof Classification c
        && model.task() == ModelTask.SEQUENCE_CLASSIFICATION) {
      // fromLogits names every class; a config with a different count is a broken model.
      int classes = c.scores().size();
      ModelConfig config = model.config();
      if (!config.labels().isEmpty() && config.labels().size() != classes) {
        throw new ModelLoadException(
            model.id(),
            "config.json has "
                + config.labels().size()
                + " labels but the model outputs "
                + classes);
      }
    }
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException ignored) {
      // Already failing; the original error is the one worth reporting.
    }
  }
}
