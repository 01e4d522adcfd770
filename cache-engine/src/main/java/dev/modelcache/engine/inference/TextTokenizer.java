package dev.modelcache.engine.inference;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.PairList;
import dev.modelcache.api.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} run by DJL's binding of the Rust tokenizers library, always
 * from a local file and with DJL's network features switched off. Adds the model's special tokens,
 * truncates to a maximum length and never pads: batches are padded by {@link TokenBatch} to their
 * own longest text. WordPiece, byte-level BPE and Unigram (SentencePiece) models alike: the file
 * says which. A pair of texts is truncated in its first text only, as the zero-shot pipeline asks.
 * Thread-safe.
 */
public final class TextTokenizer implements AutoCloseable {

  static {
    // Must run before DJL's first tokenizer: without them DJL probes the EC2 metadata address
    // and sends usage telemetry. The service connects only to model sources the operator set.
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("OPT_OUT_TRACKING", "true");
  }

  private final HuggingFaceTokenizer tokenizer;
  private final int maxLength;
  private volatile int pairSpecialTokens = -1;

  private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
    this.tokenizer = tokenizer;
    this.maxLength = maxLength;
  }

  /**
   * Loads a tokenizer from a {@code tokenizer.json}.
   *
   * @param file the tokenizer file; never fetched from anywhere
   * @param maxLength tokens per text, special tokens included, {@code >= 2}
   * @throws IOException if the file is missing or does not parse
   */
  public static TextTokenizer load(Path file, int maxLength) throws IOException {
    if (maxLength < 2) {
      throw new IllegalArgumentException("maxLength must be >= 2: " + maxLength);
    }
    HuggingFaceTokenizer tokenizer;
    try {
      tokenizer =
          HuggingFaceTokenizer.builder()
              .optTokenizerPath(file)
              .optAddSpecialTokens(true)
              .optTruncateFirstOnly()
              .optMaxLength(maxLength)
              .optPadding(false)
              .build();
    } catch (RuntimeException e) {
      // The native library reports a bad file as a RuntimeException.
      throw new IOException("cannot parse " + file.getFileName() + ": " + e.getMessage(), e);
    }
    return new TextTokenizer(tokenizer, maxLength);
  }

  /**
   * Loads the native tokenizer library and runs one tiny in-memory tokenizer, so that the library's
   * one-time resident memory is not charged to the first model loaded.
   */
  static void warmUpLibrary() throws IOException {
    String json =
        "{\"version\":\"1.0\",\"truncation\":null,\"padding\":null,\"added_tokens\":[],"
            + "\"normalizer\":{\"type\":\"BertNormalizer\",\"clean_text\":true,"
            + "\"handle_chinese_chars\":true,\"strip_accents\":null,\"lowercase\":true},"
            + "\"pre_tokenizer\":{\"type\":\"BertPreTokenizer\"},\"post_processor\":null,"
            + "\"decoder\":null,\"model\":{\"type\":\"WordPiece\",\"unk_token\":\"[UNK]\","
            + "\"continuing_subword_prefix\":\"##\",\"max_input_chars_per_word\":100,"
            + "\"vocab\":{\"[UNK]\":0,\"warm\":1,\"##up\":2}}}";
    try (HuggingFaceTokenizer tokenizer =
        HuggingFaceTokenizer.newInstance(
            new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), Map.of())) {
      tokenizer.encode("warmup");
    }
  }

  /** Files of tokenizers that have no {@code tokenizer.json} ("slow" tokenizers). */
  private static final List<String> SLOW_TOKENIZER_FILES =
      List.of(
          "vocab.txt",
          "vocab.json",
          "merges.txt",
          "spiece.model",
          "sentencepiece.bpe.model",
          "spm.model",
          "tokenizer.model");

  /**
   * Why a model folder without {@code tokenizer.json} cannot load: with only a slow tokenizer's
   * files (WordPiece {@code vocab.txt}, BPE {@code vocab.json}/{@code merges.txt}, SentencePiece
   * {@code spiece.model}), says so and how to convert it, rather than guess at their rules.
   */
  static String whyMissing(Path directory) {
    List<String> slow =
        SLOW_TOKENIZER_FILES.stream()
            .filter(name -> Files.isRegularFile(directory.resolve(name)))
            .toList();
    if (slow.isEmpty()) {
      return "the model folder has no tokenizer.json";
    }
    return "the model folder has no tokenizer.json, only a slow tokenizer's "
        + String.join(", ", slow)
        + ", which this engine does not read: save the tokenizer as tokenizer.json"
        + " (AutoTokenizer.from_pretrained(name, use_fast=True).save_pretrained(folder), or"
        + " export with optimum-cli, which writes it)";
  }

  /** Tokens per text after truncation, special tokens included. */
  public int maxLength() {
    return maxLength;
  }

  /** Tokenises texts, each on its own: no padding. */
  public Encoding[] encode(List<String> texts) {
    return tokenizer.batchEncode(texts);
  }

  /**
   * Tokenises pairs of texts, each pair on its own, shortening the first text of a pair that is too
   * long.
   *
   * @throws InvalidInputException if a pair's second text leaves no room for the first within
   *     {@link #maxLength()}
   */
  public Encoding[] encodePairs(List<TextPair> pairs) {
    // The native library cannot cut a pair whose second text fills the length by itself, and DJL
    // answers that by aborting the process (a Rust panic across JNI): check first, in Java.
    if (maxLength < 8) {
      throw new InvalidInputException(
          "the model takes only "
              + maxLength
              + " tokens per text: too few for a text and a hypothesis");
    }
    int room = maxLength - pairSpecialTokens();
    PairList<String, String> texts = new PairList<>(pairs.size());
    for (TextPair pair : pairs) {
      int hypothesis = tokenizer.encode(pair.pair(), false, false).getIds().length;
      if (hypothesis >= room) {
        throw new InvalidInputException(
            "a text and its hypothesis cannot be cut to the model's "
                + maxLength
                + " tokens by shortening the text: the hypothesis is too long ("
                + hypothesis
                + " tokens)");
      }
      texts.add(pair.text(), pair.pair());
    }
    return tokenizer.batchEncode(texts);
  }

  /**
   * The special tokens the tokenizer adds around a pair ({@code [CLS] a [SEP] b [SEP]}: 3), counted
   * on an empty pair, which never needs truncation. Computed on first use.
   */
  private int pairSpecialTokens() {
    int known = pairSpecialTokens;
    if (known < 0) {
      known = tokenizer.encode("", "", true, false).getIds().length;
      pairSpecialTokens = known;
    }
    return known;
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
