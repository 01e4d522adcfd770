package dev.modelcache.engine.generation;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A generation model's {@code tokenizer.json}, run by DJL's binding of the Rust tokenizers library
 * from a local file: prompts are encoded with the model's special tokens and neither truncated nor
 * padded (a prompt that does not fit is refused, not cut), and generated ids are decoded without
 * special tokens. Thread-safe.
 */
final class GenerationTokenizer implements AutoCloseable {

  static {
    // As TextTokenizer: before DJL's first tokenizer, so that it neither probes the network nor
    // sends telemetry. Setting them twice is harmless.
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
  }

  private final HuggingFaceTokenizer tokenizer;

  private GenerationTokenizer(HuggingFaceTokenizer tokenizer) {
    this.tokenizer = tokenizer;
  }

  /**
   * @throws IOException if the file is missing or does not parse
   */
  static GenerationTokenizer load(Path file) throws IOException {
    try {
      return new GenerationTokenizer(
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optAddSpecialTokens(true)
              .optTruncation(false)
              .optPadding(false)
              .build());
    } catch (RuntimeException e) {
      // The native library reports a bad file as a RuntimeException.
      throw new IOException("cannot parse " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** The prompt's token ids, special tokens included. */
  long[] encode(String text) {
    return tokenizer.encode(text).getIds();
  }

  /** The text of generated ids, special tokens left out. */
  String decode(long[] ids) {
    return tokenizer.decode(ids, true);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
