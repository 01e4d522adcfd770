package dev.modelcache.service.rest.json;

import dev.modelcache.api.InputTooLargeException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a request body through, counting bytes, and fails with {@link InputTooLargeException} as
 * soon as more than the limit has come: a chunked body without a length cannot grow the server's
 * memory past it. {@link #close()} leaves the underlying stream to the container. Not thread-safe.
 */
final class LimitedInputStream extends FilterInputStream {
  private final long limit;
  private long count;

  LimitedInputStream(InputStream in, long limit) {
    super(in);
    this.limit = limit;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      counted(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      counted(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    counted(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // The container owns the request's stream.
  }

  private void counted(long n) {
    count += n;
    if (count > limit) {
      throw tooLarge(limit, "more than " + limit);
    }
  }

  static InputTooLargeException tooLarge(long limit, String size) {
    return new InputTooLargeException(
        "the request body has "
            + size
            + " bytes; the limit is "
            + limit
            + " (MAX_BODY_BYTES): send fewer or shorter texts");
  }
}
