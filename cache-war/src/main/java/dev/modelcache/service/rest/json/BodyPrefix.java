package dev.modelcache.service.rest.json;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;

/**
 * The first bytes of a request body, read ahead so that a short body can be read whole ({@link
 * QuickPredictBody}); {@link #replay} gives them back in front of the rest for the JSON-P parser,
 * so that it sees the same bytes in the same order as if nothing had been read, and gets no more
 * than {@code max} of them from its first read: a body limit at or above {@code max} is not passed
 * before the parser has seen them. Not thread-safe.
 */
final class BodyPrefix {
  private static final int FIRST_BUFFER = 1024;

  private final byte[] bytes;
  private final int length;
  private final int max;

  private BodyPrefix(byte[] bytes, int length, int max) {
    this.bytes = bytes;
    this.length = length;
    this.max = max;
  }

  /**
   * Reads until the body ends or more than {@code max} bytes have come.
   *
   * @param expected the body's announced length, or -1; sizes the buffer
   */
  static BodyPrefix read(InputStream body, int max, long expected) throws IOException {
    int cap = max + 1;
    byte[] buffer = new byte[(int) Math.min(cap, expected >= 0 ? expected + 1 : FIRST_BUFFER)];
    int n = 0;
    while (n < cap) {
      if (n == buffer.length) {
        buffer = Arrays.copyOf(buffer, (int) Math.min(cap, 2L * buffer.length));
      }
      int read = body.read(buffer, n, buffer.length - n);
      if (read < 0) {
        return new BodyPrefix(buffer, n, max);
      }
      n += read;
    }
    return new BodyPrefix(buffer, n, max);
  }

  /** Whether these are all of the body's bytes: reading stops one byte past {@code max}. */
  boolean isWhole() {
    return length <= max;
  }

  byte[] bytes() {
    return bytes;
  }

  int length() {
    return length;
  }

  /**
   * The body again from its first byte: these bytes, at most {@code max} at a time at first, then
   * whatever {@code rest} still holds.
   */
  InputStream replay(InputStream rest) {
    if (isWhole()) {
      return new ByteArrayInputStream(bytes, 0, length);
    }
    return new SequenceInputStream(
        new ByteArrayInputStream(bytes, 0, max),
        new SequenceInputStream(new ByteArrayInputStream(bytes, max, length - max), rest));
  }
}
