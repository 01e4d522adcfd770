package dev.modelcache.service.rest;

import dev.modelcache.api.InputTooLargeException;
import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.ModelId;
import dev.modelcache.service.ServiceConfig;
import java.util.List;

/** Validates request fields at the boundary, once. Stateless. */
final class Requests {
  private Requests() {}

  static ModelId model(String name) {
    if (name == null) {
      throw new InvalidInputException("model_name is required");
    }
    return ModelId.of(name);
  }

  static List<String> texts(List<String> texts, ServiceConfig limits) {
    if (texts == null || texts.isEmpty()) {
      throw new InvalidInputException("texts must hold at least one text");
    }
    if (texts.size() > limits.maxBatchTexts()) {
      throw new InputTooLargeException(
          "a batch may hold at most "
              + limits.maxBatchTexts()
              + " texts (MAX_BATCH_TEXTS); this one has "
              + texts.size());
    }
    for (int i = 0; i < texts.size(); i++) {
      text(texts.get(i), texts.size() == 1 ? "text" : "texts[" + i + "]", limits);
    }
    return texts;
  }

  static String text(String text, String field, ServiceConfig limits) {
    if (text == null || text.isBlank()) {
      throw new InvalidInputException(field + " must be a non-empty string");
    }
    if (text.length() > limits.maxTextChars()) {
      throw new InputTooLargeException(
          field
              + " has "
              + text.length()
              + " characters; the limit is "
              + limits.maxTextChars()
              + " (MAX_TEXT_LENGTH)");
    }
    return text;
  }
}
