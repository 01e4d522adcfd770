package dev.modelcache.engine.generation;

import java.util.Arrays;

/**
 * Turns generated tokens into text pieces as they come: decodes all tokens so far and hands out
 * what was not handed out yet. A piece ending in U+FFFD (the first bytes of a character that later
 * tokens complete, in a byte-level vocabulary) is held back until it is whole. If a decoder
 * rewrites earlier text as tokens arrive (a clean-up of spaces), the piece is what follows the part
 * that is unchanged; the final text is authoritative. Not thread-safe: one per sequence.
 */
final class IncrementalText {
  private static final char REPLACEMENT = '\uFFFD';

  private final GenerativeModel model;
  private long[] ids = new long[16];
  private int count;
  private String sent = "";

  IncrementalText(GenerativeModel model) {
    this.model = model;
  }

  /** The text {@code token} adds; possibly empty. */
  String add(long token) {
    if (count == ids.length) {
      ids = Arrays.copyOf(ids, count * 2);
    }
    ids[count++] = token;
    String all = model.detokenize(Arrays.copyOf(ids, count));
    if (!all.isEmpty() && all.charAt(all.length() - 1) == REPLACEMENT) {
      return "";
    }
    int common = 0;
    int limit = Math.min(all.length(), sent.length());
    while (common < limit && all.charAt(common) == sent.charAt(common)) {
      common++;
    }
    String piece = all.substring(common);
    sent = all;
    return piece;
  }
}
