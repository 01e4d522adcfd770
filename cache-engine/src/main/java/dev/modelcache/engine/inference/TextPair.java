package dev.modelcache.engine.inference;

import java.util.Objects;

/**
 * Two texts a model reads together, as a natural-language-inference model reads a premise and a
 * hypothesis: {@code [CLS] text [SEP] pair [SEP]} or the model's own template. When the two are too
 * long, only {@code text} is shortened.
 *
 * @param text the first text (the premise)
 * @param pair the second text (the hypothesis)
 */
public record TextPair(String text, String pair) {
  public TextPair {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(pair, "pair");
  }
}
