package dev.modelcache.service.rest;

import dev.modelcache.service.ServiceConfig;

/**
 * The limits a request's texts are checked against.
 *
 * @param maxChars {@code MAX_TEXT_LENGTH}, in code points
 * @param maxBytes {@code MAX_TEXT_BYTES}, in UTF-8 bytes
 * @param maxBatch {@code MAX_BATCH_TEXTS}
 */
record TextLimits(int maxChars, int maxBytes, int maxBatch) {

  static TextLimits of(ServiceConfig config) {
    return new TextLimits(config.maxTextChars(), config.maxTextBytes(), config.maxBatchTexts());
  }
}
