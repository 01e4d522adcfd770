package dev.modelcache.engine.generation;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.ModelLoadException;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.inference.LoadedModel;
import dev.modelcache.engine.inference.ModelKind;
import dev.modelcache.engine.inference.OrtRuntime;
import dev.modelcache.engine.model.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Loads text generation models for {@link dev.modelcache.engine.inference.OnnxModelLoader}: a
 * folder is one when it holds a decoder in Optimum's layout ({@link GraphLayout}). Reads the
 * configs ({@link GenerationConfig}), loads the tokenizer, opens the sessions the model needs,
 * checks each decoder graph ({@link DecoderGraph}) and warms the model up with a two-token
 * generation, so that what the model holds when serving is resident when the cache measures it. Any
 * failure closes what was opened and becomes a {@link ModelLoadException}. Thread-safe.
 */
public final class GenerationLoader implements ModelKind {
  private static final long MIB = 1024L * 1024L;

  private final InferenceOptions options;
  private final OrtRuntime runtime;
  private final boolean useCache;

  /**
   * @param options {@code MAX_SEQUENCE_LENGTH} caps prompts; {@code INFERENCE_THREADS} as for every
   *     model (the runtime is the process's one)
   * @param useCache whether sequences use the key/value cache where the model has the graphs for it
   *     (always, in the service; false only to check that it changes nothing)
   */
  public GenerationLoader(InferenceOptions options, boolean useCache) {
    this.options = Objects.requireNonNull(options, "options");
    this.runtime = OrtRuntime.get(options.intraOpThreads());
    this.useCache = useCache;
  }

  @Override
  public boolean recognises(ModelFiles files) {
    return layout(files).isPresent();
  }

  /**
   * As for other models ({@code docs/memory.md}): the graphs ONNX Runtime will hold, half again for
   * pre-packed weights and arenas, and the tokenizer's expanded vocabulary.
   */
  @Override
  public long estimateBytes(ModelFiles files) {
    long graphs = layout(files).orElseThrow().chosen(useCache).stream().mapToLong(this::size).sum();
    return graphs * 3 / 2 + size(files.tokenizer()) * 8 + 4 * MIB;
  }

  @Override
  public LoadedModel load(ModelFiles files) {
    ModelId id = files.id();
    GraphLayout layout =
        layout(files).orElseThrow(() -> new ModelLoadException(id, "no decoder graph"));
    GenerationConfig config;
    try {
      config = GenerationConfig.read(files.directory());
    } catch (IOException | RuntimeException e) {
      throw new ModelLoadException(id, "config.json: " + withoutPaths(e, files), e);
    }
    boolean encoderDecoder = layout.encoder().isPresent();
    if (config.encoderDecoder() && !encoderDecoder) {
      throw new ModelLoadException(
          id,
          "config.json says is_encoder_decoder but there is no "
              + GraphLayout.ENCODER
              + " beside the decoder; export the model with Optimum"
              + " (--task text2text-generation-with-past)");
    }
    if (encoderDecoder && config.decoderStartTokenId().isEmpty()) {
      throw new ModelLoadException(
          id, "an encoder-decoder needs decoder_start_token_id in config.json");
    }
    if (!Files.isRegularFile(files.tokenizer())) {
      throw new ModelLoadException(id, "the model folder has no tokenizer.json");
    }
    GenerationTokenizer tokenizer;
    try {
      tokenizer = GenerationTokenizer.load(files.tokenizer());
    } catch (IOException e) {
      throw new ModelLoadException(id, "tokenizer.json: " + withoutPaths(e, files), e);
    }
    List<AutoCloseable> opened = new ArrayList<>();
    opened.add(tokenizer);
    try {
      GenerativeModel model = open(id, files, layout, config, tokenizer, opened);
      opened.clear();
      try {
        warmUp(model);
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
      return model;
    } catch (RuntimeException e) {
      for (int i = opened.size() - 1; i >= 0; i--) {
        try {
          opened.get(i).close();
        } catch (Exception closing) {
          e.addSuppressed(closing);
        }
      }
      throw e instanceof ModelLoadException
          ? e
          : new ModelLoadException(id, withoutPaths(e, files), e);
    }
  }

  private GenerativeModel open(
      ModelId id,
      ModelFiles files,
      GraphLayout layout,
      GenerationConfig config,
      GenerationTokenizer tokenizer,
      List<AutoCloseable> opened) {
    boolean encoderDecoder = layout.encoder().isPresent();
    OrtSession encoder = null;
    if (encoderDecoder) {
      encoder = session(id, layout.encoder().get(), files);
      opened.add(encoder);
      if (!encoder.getOutputNames().contains(GenerativeModel.LAST_HIDDEN_STATE)) {
        throw new ModelLoadException(id, GraphLayout.ENCODER + " must output last_hidden_state");
      }
    }
    DecoderGraph first;
    DecoderGraph step = null;
    if (layout.merged().isPresent()) {
      first = graph(id, layout.merged().get(), files, opened);
      step = useCache ? first : null;
    } else {
      Optional<Path> plain = layout.decoder().or(layout::decoderWithPast);
      first = graph(id, plain.get(), files, opened);
      if (useCache) {
        if (layout.decoder().isPresent() && layout.decoderWithPast().isPresent()) {
          step = graph(id, layout.decoderWithPast().get(), files, opened);
        } else if (first.takesPast()) {
          step = first;
        }
      }
    }
    if (!first.canStart(encoderDecoder)) {
      throw new ModelLoadException(
          id,
          first.file
              + " cannot start a sequence (it does not take encoder_hidden_states); add "
              + GraphLayout.DECODER
              + " or "
              + GraphLayout.MERGED);
    }
    int limit = options.maxSequenceLength();
    if (config.maxPositions().isPresent()) {
      // A decoder-only prompt must leave room for one generated token.
      limit = Math.min(limit, config.maxPositions().getAsInt() - (encoderDecoder ? 0 : 1));
    }
    if (limit < 1) {
      throw new ModelLoadException(id, "the model's positions leave no room for a prompt");
    }
    long weights = layout.chosen(useCache).stream().mapToLong(this::size).sum();
    return new GenerativeModel(
        id, config, tokenizer, runtime.environment(), encoder, first, step, limit, weights);
  }

  private DecoderGraph graph(ModelId id, Path file, ModelFiles files, List<AutoCloseable> opened) {
    OrtSession session = session(id, file, files);
    try {
      DecoderGraph graph =
          new DecoderGraph(file.getFileName().toString(), session, runtime.environment());
      opened.add(graph);
      return graph;
    } catch (OrtException | RuntimeException e) {
      try {
        session.close();
      } catch (OrtException ignored) {
        // Already failing; the graph's problem is the one worth reporting.
      }
      throw new ModelLoadException(id, withoutPaths(e, files), e);
    }
  }

  private OrtSession session(ModelId id, Path file, ModelFiles files) {
    try (OrtSession.SessionOptions sessionOptions = runtime.sessionOptions()) {
      return runtime.environment().createSession(file.toString(), sessionOptions);
    } catch (OrtException e) {
      throw new ModelLoadException(
          id, file.getFileName() + " is not a loadable ONNX model: " + withoutPaths(e, files), e);
    }
  }

  /** Two greedy tokens from a one-word prompt: every session runs, with and without a past. */
  private static void warmUp(GenerativeModel model) {
    long[] prompt = model.tokenize("the");
    if (prompt.length == 0 || prompt.length > model.maxPromptTokens()) {
      return;
    }
    try (SequenceRun run = model.start(prompt)) {
      run.append(TokenChoice.argmax(run.next()));
      run.next();
    }
  }

  private static Optional<GraphLayout> layout(ModelFiles files) {
    return GraphLayout.in(files.onnx().getParent(), files.directory());
  }

  private long size(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** A failure's message without the model folder's path, as clients may see it. */
  private static String withoutPaths(Throwable failure, ModelFiles files) {
    String folder = files.directory().toAbsolutePath().toString();
    return String.valueOf(failure.getMessage()).replace(folder + "/", "").replace(folder, ".");
  }
}
