package dev.modelcache.engine.inference;

import java.util.Objects;

/**
 * One text after tokenisation, ready to be padded into a batch: its token ids and token types,
 * special tokens included and already truncated. Produced by {@link LoadedModel#encode} on any
 * thread, consumed by {@link LoadedModel#run}. Immutable; the arrays are owned by this object and
 * never modified.
 */
public final class EncodedText {
  private static final long[] NONE = new long[0];

  private final String text;
  private final long[] ids;
  private final long[] typeIds;
  private final int length;

  private EncodedText(String text, long[] ids, long[] typeIds, int length) {
    this.text = Objects.requireNonNull(text, "text");
    this.ids = ids;
    this.typeIds = typeIds;
    this.length = length;
  }

  /** A tokenised text: ids and type ids of equal length, at least one token. */
  static EncodedText of(String text, long[] ids, long[] typeIds) {
    if (ids.length == 0 || ids.length != typeIds.length) {
      throw new IllegalArgumentException(
          "ids and type ids must be non-empty and equally long: "
              + ids.length
              + ", "
              + typeIds.length);
    }
    return new EncodedText(text, ids, typeIds, ids.length);
  }

  /**
   * A text whose model does not use token ids (a model that is not an ONNX text model, as in tests
   * and benchmarks), with the length the batcher should group it by.
   *
   * @param length tokens it counts as, {@code >= 1}
   */
  public static EncodedText opaque(String text, int length) {
    if (length < 1) {
      throw new IllegalArgumentException("length must be >= 1: " + length);
    }
    return new EncodedText(text, NONE, NONE, length);
  }

  /** The original text. */
  public String text() {
    return text;
  }

  /** Tokens, special tokens included: what padding a batch to this text costs per row. */
  public int length() {
    return length;
  }

  long[] ids() {
    return ids;
  }

  long[] typeIds() {
    return typeIds;
  }

  @Override
  public String toString() {
    return "EncodedText[" + length + " tokens]";
  }
}
