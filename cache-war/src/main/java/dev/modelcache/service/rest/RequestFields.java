package dev.modelcache.service.rest;

import dev.modelcache.api.InputTooLargeException;
import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.ModelId;
import dev.modelcache.api.rest.PredictRequest;
import dev.modelcache.engine.inference.ZeroShotQuery;
import dev.modelcache.service.security.Credentials;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Validates request fields at the boundary, once. Stateless. */
final class RequestFields {
  private RequestFields() {}

  static ModelId model(String name) {
    if (name == null) {
      throw new InvalidInputException("model_name is required");
    }
    return ModelId.of(name);
  }

  static List<String> texts(List<String> texts, TextLimits limits) {
    if (texts == null || texts.isEmpty()) {
      throw new InvalidInputException("texts must hold at least one text");
    }
    if (texts.size() > limits.maxBatch()) {
      throw new InputTooLargeException(
          "a batch may hold at most "
              + limits.maxBatch()
              + " texts (MAX_BATCH_TEXTS); this one has "
              + texts.size());
    }
    for (int i = 0; i < texts.size(); i++) {
      text(texts.get(i), texts.size() == 1 ? "text" : "texts[" + i + "]", limits);
    }
    return texts;
  }

  /**
   * The zero-shot query of a {@code POST /predict} body with {@code candidate_labels}: at least one
   * label and at most {@code MAX_BATCH_TEXTS} (each is one model run), each a valid, distinct text;
   * the template, if given, a valid text with {@code {}} exactly once.
   *
   * @param text the request's text, already checked
   */
  static ZeroShotQuery zeroShot(String text, PredictRequest request, TextLimits limits) {
    List<String> labels = request.candidateLabels();
    if (labels.isEmpty()) {
      throw new InvalidInputException("candidate_labels must hold at least one label");
    }
    if (labels.size() > limits.maxBatch()) {
      throw new InputTooLargeException(
          "candidate_labels may hold at most "
              + limits.maxBatch()
              + " labels (MAX_BATCH_TEXTS: each is one model run); this one has "
              + labels.size());
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < labels.size(); i++) {
      String label = text(labels.get(i), "candidate_labels[" + i + "]", limits);
      if (!seen.add(label)) {
        throw new InvalidInputException("candidate_labels[" + i + "] repeats an earlier label");
      }
    }
    String template = request.hypothesisTemplate();
    if (template == null) {
      template = ZeroShotQuery.DEFAULT_TEMPLATE;
    } else {
      text(template, "hypothesis_template", limits);
      if (!ZeroShotQuery.hasOnePlaceholder(template)) {
        throw new InvalidInputException(
            "hypothesis_template must hold {} exactly once, where each label goes, as in"
                + " \"This example is {}.\"");
      }
    }
    return new ZeroShotQuery(text, labels, template, Boolean.TRUE.equals(request.multiLabel()));
  }

  /**
   * Checks one text: present and not blank, valid Unicode (no unpaired UTF-16 surrogate, which JSON
   * can escape but UTF-8, and so the native tokenizer, cannot carry: the model would not see what
   * was sent), and within {@code MAX_TEXT_LENGTH} code points and {@code MAX_TEXT_BYTES} UTF-8
   * bytes. Anything else (NUL, control and format characters, bidirectional overrides, emoji, long
   * runs of one character) is a text like any other.
   */
  static String text(String text, String field, TextLimits limits) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(field + " must be a non-empty string");
    }
    int surrogate = unpairedSurrogate(text);
    if (surrogate >= 0) {
      throw new InvalidInputException(
          String.format(
              "%s holds an unpaired UTF-16 surrogate (\\u%04x) at index %d; texts must be valid"
                  + " Unicode",
              field, (int) text.charAt(surrogate), surrogate));
    }
    int chars = text.codePointCount(0, text.length());
    if (chars > limits.maxChars()) {
      throw new InputTooLargeException(
          field
              + " has "
              + chars
              + " characters; the limit is "
              + limits.maxChars()
              + " (MAX_TEXT_LENGTH)");
    }
    long bytes = utf8Length(text);
    if (bytes > limits.maxBytes()) {
      throw new InputTooLargeException(
          field
              + " has "
              + bytes
              + " bytes in UTF-8; the limit is "
              + limits.maxBytes()
              + " (MAX_TEXT_BYTES)");
    }
    return text;
  }

  /** The index of the first surrogate that is not half of a pair, or -1. */
  static int unpairedSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** UTF-8 bytes of a text without unpaired surrogates. */
  static long utf8Length(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** The {@code copies} query parameter of a preload: 1 without it, else 1 to 64. */
  static int copies(String value) {
    if (value == null || value.isBlank()) {
      return 1;
    }
    int copies;
    try {
      copies = Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException("copies must be an integer: '" + value + "'");
    }
    if (copies < 1 || copies > 64) {
      throw new InvalidInputException("copies must be between 1 and 64: " + copies);
    }
    return copies;
  }

  /** The caller's credential headers as sent, to present to another member on its behalf. */
  static Map<String, String> credentials(HttpHeaders headers) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : List.of(HttpHeaders.AUTHORIZATION, Credentials.API_KEY_HEADER)) {
      String value = headers.getHeaderString(name);
      if (value != null) {
        out.put(name, value);
      }
    }
    return out;
  }
}
