package dev.modelcache.engine.generation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ONNX files of a text generation model, as Optimum exports them, all in one folder (the model
 * folder or its {@code onnx/}): {@code encoder_model.onnx} for an encoder-decoder, and a decoder as
 * {@code decoder_model_merged.onnx} (both decoders behind {@code use_cache_branch}), as {@code
 * decoder_model.onnx} with or without {@code decoder_with_past_model.onnx}, or as a {@code
 * model.onnx} that takes {@code past_key_values} itself (newer decoder-only exports). Immutable.
 *
 * @param encoder {@code encoder_model.onnx}, if any
 * @param merged {@code decoder_model_merged.onnx}, if any
 * @param decoder {@code decoder_model.onnx} (or a generator's {@code model.onnx}), if any
 * @param decoderWithPast {@code decoder_with_past_model.onnx}, if any
 */
record GraphLayout(
    Optional<Path> encoder,
    Optional<Path> merged,
    Optional<Path> decoder,
    Optional<Path> decoderWithPast) {

  static final String ENCODER = "encoder_model.onnx";
  static final String MERGED = "decoder_model_merged.onnx";
  static final String DECODER = "decoder_model.onnx";
  static final String WITH_PAST = "decoder_with_past_model.onnx";

  /**
   * The generation graphs in {@code folder}, or empty if it holds no decoder. A folder whose only
   * graph is {@code model.onnx} counts when {@code config.json} (in {@code modelFolder}) names a
   * generating architecture.
   */
  static Optional<GraphLayout> in(Path folder, Path modelFolder) {
    Optional<Path> merged = file(folder, MERGED);
    Optional<Path> decoder = file(folder, DECODER);
    Optional<Path> withPast = file(folder, WITH_PAST);
    if (merged.isEmpty() && decoder.isEmpty() && withPast.isEmpty()) {
      Optional<Path> single = file(folder, "model.onnx");
      if (single.isEmpty() || !GenerationConfig.namesAGenerator(modelFolder)) {
        return Optional.empty();
      }
      decoder = single;
    }
    return Optional.of(new GraphLayout(file(folder, ENCODER), merged, decoder, withPast));
  }

  /**
   * The graphs a model loads: the encoder, and the merged decoder if there is one (one session for
   * both kinds of step), else the plain decoder with, when caching, the decoder with past.
   */
  List<Path> chosen(boolean useCache) {
    List<Path> files = new ArrayList<>(3);
    encoder.ifPresent(files::add);
    if (merged.isPresent()) {
      files.add(merged.get());
    } else {
      decoder.ifPresent(files::add);
      if (useCache) {
        decoderWithPast.ifPresent(files::add);
      }
    }
    return files;
  }

  private static Optional<Path> file(Path folder, String name) {
    Path file = folder.resolve(name);
    return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
  }
}
