package dev.modelcache.service.rest.json;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Passes characters through and notes whether anything but JSON white space went by, so that an
 * empty body is told apart from a malformed one. Not thread-safe.
 */
final class ContentWatch extends FilterReader {
  private boolean sawContent;

  ContentWatch(Reader in) {
    super(in);
  }

  /** Whether a character other than space, tab, CR or LF has been read. */
  boolean sawContent() {
    return sawContent;
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c >= 0) {
      note((char) c);
    }
    return c;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    for (int i = 0; i < n && !sawContent; i++) {
      note(buffer[offset + i]);
    }
    return n;
  }

  private void note(char c) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      sawContent = true;
    }
  }
}
