package dev.modelcache.engine.model.fake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One loopback HTTP server of a fake: a handler per request on its own thread, request counters,
 * and the response writers every fake shares (JSON, and file bytes with Range support and the
 * faults of {@link Faults}). Thread-safe.
 */
final class FakeHttp implements AutoCloseable {
  /**
   * How long a delayed or stalled handler waits at most, so a forgotten gate cannot hang a build.
   */
  static final Duration GATE_LIMIT = Duration.ofSeconds(60);

  private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

  /** Ends a response by dropping its connection, as a server that dies mid-body does. */
  static final class DropConnection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DropConnection() {
      super("connection dropped on purpose", null, false, false);
    }
  }

  interface Handler {
    void handle(HttpExchange exchange) throws IOException;
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final String hostName;
  private final Faults faults;
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

  private FakeHttp(HttpServer server, ExecutorService executor, String hostName, Faults faults) {
    this.server = server;
    this.executor = executor;
    this.hostName = hostName;
    this.faults = faults;
  }

  /**
   * Starts a server on a free loopback port.
   *
   * @param hostName the name its {@link #base()} uses: {@code 127.0.0.1} or {@code localhost}, so
   *     two servers of one fake are different hosts to a client
   */
  static FakeHttp start(String hostName, Faults faults, Handler handler) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fake-http-" + hostName);
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    FakeHttp http = new FakeHttp(server, executor, hostName, faults);
    server.createContext(
        "/",
        exchange -> {
          try {
            handler.handle(exchange);
          } catch (DropConnection drop) {
            // Thrown without closing the exchange: the server then closes the socket mid-body.
            throw drop;
          } catch (IOException | RuntimeException e) {
            // The client went away; nothing to answer.
          }
          exchange.close();
        });
    server.start();
    return http;
  }

  /** {@code http://host:port}, without a trailing slash. */
  URI base() {
    return URI.create("http://" + hostName + ":" + server.getAddress().getPort());
  }

  void count(String counter, long n) {
    counters.computeIfAbsent(counter, k -> new AtomicLong()).addAndGet(n);
  }

  long counted(String counter) {
    AtomicLong value = counters.get(counter);
    return value == null ? 0 : value.get();
  }

  Faults faults() {
    return faults;
  }

  /**
   * Applies a status fault, a replaced body or a delay for {@code key}; says whether the response
   * was sent.
   */
  boolean faulted(HttpExchange exchange, String key, ErrorWriter error) throws IOException {
    faults.delayFor(key).ifPresent(gate -> gate.await(GATE_LIMIT));
    String body = faults.bodyFor(key).orElse(null);
    if (body != null) {
      json(exchange, 200, body);
      return true;
    }
    Integer status = faults.statusFor(key).orElse(null);
    if (status == null) {
      return false;
    }
    error.write(exchange, status);
    return true;
  }

  interface ErrorWriter {
    void write(HttpExchange exchange, int status) throws IOException;
  }

  static void json(HttpExchange exchange, int status, String body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    text(exchange, status, body);
  }

  static void text(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Sends a file's bytes with status 200, or 206 for a {@code Range: bytes=N-} request, applying
   * the truncation, corruption and stall faults of {@code key}, and counting bytes sent under
   * {@code "bytes:" + key}, range requests under {@code "range:" + key} and the offsets they asked
   * for under {@code "rangeFrom:" + key}.
   */
  void file(HttpExchange exchange, String key, byte[] content) throws IOException {
    file(exchange, key, content, true);
  }

  /**
   * As {@link #file(HttpExchange, String, byte[])}; with {@code ranges} false, {@code Range} is
   * ignored and the body is sent chunked, without a length (as MLflow's artifact proxy streams).
   */
  void file(HttpExchange exchange, String key, byte[] content, boolean ranges) throws IOException {
    byte[] body = content;
    if (faults.corrupts(key) && body.length > 0) {
      body = body.clone();
      body[body.length / 2] ^= 0x5a;
    }
    long from = 0;
    String range = exchange.getRequestHeaders().getFirst("Range");
    Matcher m = range == null || !ranges ? null : RANGE.matcher(range.trim());
    if (m != null && m.matches()) {
      from = Long.parseLong(m.group(1));
      count("range:" + key, 1);
      count("rangeFrom:" + key, from);
      if (from >= body.length) {
        exchange.getResponseHeaders().set("Content-Range", "bytes */" + body.length);
        exchange.sendResponseHeaders(416, -1);
        return;
      }
      exchange
          .getResponseHeaders()
          .set("Content-Range", "bytes " + from + "-" + (body.length - 1) + "/" + body.length);
    }
    int length = body.length - (int) from;
    if (ranges) {
      exchange.getResponseHeaders().set("Accept-Ranges", "bytes");
      exchange.sendResponseHeaders(from > 0 ? 206 : 200, length == 0 ? -1 : length);
    } else {
      exchange.sendResponseHeaders(200, 0);
    }
    long truncateAt = faults.truncationFor(key);
    Stall stall = faults.stallFor(key).orElse(null);
    OutputStream out = exchange.getResponseBody();
    int offset = (int) from;
    int end = body.length;
    if (truncateAt >= 0) {
      end = (int) Math.min(end, truncateAt);
    }
    if (stall != null && stall.afterBytes() > offset) {
      int stop = (int) Math.min(end, stall.afterBytes());
      write(out, key, body, offset, stop);
      offset = stop;
      out.flush();
      stall.reached();
      stall.gate().await(GATE_LIMIT);
      // A truncation set while stalled applies to the rest of this response.
      truncateAt = faults.truncationFor(key);
      if (truncateAt >= 0) {
        end = (int) Math.max(offset, Math.min(end, truncateAt));
      }
    }
    write(out, key, body, offset, end);
    out.flush();
    if (end < body.length) {
      throw new DropConnection();
    }
    out.close();
  }

  private void write(OutputStream out, String key, byte[] body, int from, int to)
      throws IOException {
    for (int offset = from; offset < to; offset += 8192) {
      int n = Math.min(8192, to - offset);
      out.write(body, offset, n);
      count("bytes:" + key, n);
    }
  }

  @Override
  public void close() {
    faults.clearAll();
    server.stop(0);
    executor.shutdownNow();
  }
}
