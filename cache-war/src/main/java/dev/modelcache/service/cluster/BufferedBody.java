package dev.modelcache.service.cluster;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.stream.JsonParser;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A request body read ahead by the routing filter, to learn its model before the request runs or is
 * forwarded: the bytes read (at most the body limit plus one), whether that was all of it, and the
 * request as it was for the rest of the chain ({@link #replay}).
 *
 * @param bytes the bytes read
 * @param complete whether they are the whole body (false: it is longer than the limit)
 */
record BufferedBody(byte[] bytes, boolean complete) {

  /** Reads at most {@code limit + 1} bytes of the body. */
  static BufferedBody read(InputStream in, long limit) throws IOException {
    int cap = (int) Math.min(Integer.MAX_VALUE - 8, limit + 1);
    byte[] buffer = new byte[Math.min(cap, 8192)];
    int n = 0;
    int r;
    while (n < cap && (r = in.read(buffer, n, Math.min(buffer.length, cap) - n)) >= 0) {
      n += r;
      if (n == buffer.length && n < cap) {
        buffer = Arrays.copyOf(buffer, Math.min(cap, buffer.length * 2));
      }
    }
    return new BufferedBody(Arrays.copyOf(buffer, n), n <= limit);
  }

  /**
   * The top-level {@code model_name} of a JSON object body, or null when the body is incomplete,
   * not such an object, or the name is not a string: the request then runs here, whose rules answer
   * it as they always do.
   */
  String modelName() {
    if (!complete) {
      return null;
    }
    try (JsonParser parser = Json.createParser(new ByteArrayInputStream(bytes))) {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        return null;
      }
      int depth = 1;
      while (parser.hasNext() && depth > 0) {
        JsonParser.Event event = parser.next();
        switch (event) {
          case START_OBJECT, START_ARRAY -> depth++;
          case END_OBJECT, END_ARRAY -> depth--;
          case KEY_NAME -> {
            if (depth == 1 && parser.getString().equals("model_name")) {
              return parser.next() == JsonParser.Event.VALUE_STRING ? parser.getString() : null;
            }
          }
          default -> {
            // Values of other keys.
          }
        }
      }
      return null;
    } catch (JsonException | IllegalStateException | java.util.NoSuchElementException e) {
      return null;
    }
  }

  /** The request with its body as it was: the bytes read, then whatever was not read. */
  HttpServletRequest replay(HttpServletRequest request) throws IOException {
    InputStream rest = complete ? InputStream.nullInputStream() : request.getInputStream();
    InputStream body = new SequenceInputStream(new ByteArrayInputStream(bytes), rest);
    ServletInputStream stream = new Replayed(body, complete ? bytes.length : -1);
    return new HttpServletRequestWrapper(request) {
      @Override
      public ServletInputStream getInputStream() {
        return stream;
      }

      @Override
      public BufferedReader getReader() {
        String name = request.getCharacterEncoding();
        Charset charset = name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        return new BufferedReader(new InputStreamReader(stream, charset));
      }
    };
  }

  /** A servlet stream over bytes already read (blocking reads only). */
  private static final class Replayed extends ServletInputStream {
    private final InputStream in;
    private final long length;
    private long read;
    private boolean finished;

    Replayed(InputStream in, long length) {
      this.in = in;
      this.length = length;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      count(b < 0 ? -1 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      count(n);
      return n;
    }

    private void count(int n) {
      if (n < 0) {
        finished = true;
      } else {
        read += n;
        finished = length >= 0 && read >= length;
      }
    }

    @Override
    public boolean isFinished() {
      return finished;
    }

    @Override
    public boolean isReady() {
      return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
      throw new IllegalStateException("the routed body is read blocking");
    }
  }
}
