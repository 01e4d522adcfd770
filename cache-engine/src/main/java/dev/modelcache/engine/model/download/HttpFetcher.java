package dev.modelcache.engine.model.download;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * The one HTTP client of the model sources: GETs small documents and streams files to disk.
 *
 * <p>Every request has a connect timeout and a read timeout; the read timeout bounds each wait for
 * bytes (headers or body), so a server that stalls mid-file fails instead of hanging. This is why
 * it uses {@link HttpURLConnection}: {@code java.net.http.HttpClient} has no timeout for a stalled
 * body. Redirects (301, 302, 303, 307, 308; at most five) are followed by hand, never from HTTPS to
 * HTTP, and the {@code Authorization} header is dropped as soon as a redirect leaves the first
 * request's host, so a token for the Hub never reaches its CDN. Messages name URLs without their
 * query strings (a CDN's signed query) and never contain the credential.
 *
 * <p>Thread-safe: each call uses its own connection.
 */
public final class HttpFetcher {
  private static final Logger LOG = Logger.getLogger(HttpFetcher.class.getName());
  static final int MAX_REDIRECTS = 5;
  static final int MAX_DOCUMENT_BYTES = 8 << 20;
  private static final int EXCERPT_CHARS = 300;
  private static final int BUFFER = 64 * 1024;

  private final int connectMillis;
  private final int readMillis;
  private final String userAgent;
  private final LongSupplier nanoTime;

  /**
   * @param connectTimeout how long to wait for a TCP (and TLS) connection
   * @param readTimeout how long to wait for any bytes of a response: headers, or the next part of a
   *     body
   * @param userAgent the {@code User-Agent} header
   */
  public HttpFetcher(Duration connectTimeout, Duration readTimeout, String userAgent) {
    this(connectTimeout, readTimeout, userAgent, System::nanoTime);
  }

  /** As the public constructor, with the clock the progress log reads (for tests). */
  public HttpFetcher(
      Duration connectTimeout, Duration readTimeout, String userAgent, LongSupplier nanoTime) {
    this.connectMillis = millis(connectTimeout, "connectTimeout");
    this.readMillis = millis(readTimeout, "readTimeout");
    this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
  }

  /**
   * GETs a document (JSON) of at most 8 MiB, following redirects.
   *
   * @param authorization the {@code Authorization} header value, sent to the first host only
   * @return the body, decoded as UTF-8
   * @throws HttpStatusException for any final status other than 200
   * @throws IOException on timeouts, connection failures and over-long bodies
   */
  public String getText(URI uri, Optional<String> authorization) throws IOException {
    Opened opened = open(uri, authorization, 0);
    try (InputStream in = body(opened)) {
      if (opened.status != 200) {
        throw statusError(opened, in);
      }
      byte[] bytes;
      try {
        bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
      } catch (SocketTimeoutException e) {
        throw new SocketTimeoutException(
            "no data from " + where(opened.uri) + " for " + readMillis + " ms (read timeout)");
      }
      if (bytes.length > MAX_DOCUMENT_BYTES) {
        throw new IOException("response from " + where(opened.uri) + " is larger than 8 MiB");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * Streams {@code uri} into {@code partial}, resuming from the bytes already there when the server
   * honours a {@code Range} request, and checks the result against {@code expected}.
   *
   * <p>On success the file is complete, flushed to disk and verified. If a check fails the file is
   * deleted and {@link IntegrityException} is thrown (after one fresh attempt, if the failing bytes
   * came partly from an earlier download). If the transfer breaks (timeout, truncated body, dropped
   * connection) the bytes received so far stay in {@code partial} for the next attempt to resume;
   * they are never valid until this method verified them.
   *
   * @param authorization the {@code Authorization} header value, sent to the first host only
   * @param limit the most bytes the file may have; more is refused as too large
   * @param label a short name for log lines and messages, e.g. {@code org/name onnx/model.onnx}
   */
  public Fetched download(
      URI uri,
      Optional<String> authorization,
      Path partial,
      Expected expected,
      long limit,
      String label)
      throws IOException {
    long existing = Files.isRegularFile(partial) ? Files.size(partial) : 0;
    if (existing > 0 && (expected.size() < 0 || existing > expected.size())) {
      Files.delete(partial); // cannot tell whether these bytes are a prefix of the file
      existing = 0;
    }
    try {
      if (existing > 0 && existing == expected.size()) {
        // A previous run finished writing but not renaming: verify what is there.
        return verified(partial, expected, hashOf(partial, expected), Map.of(), true, label);
      }
      return attempt(uri, authorization, partial, expected, limit, label, existing);
    } catch (IntegrityException e) {
      if (existing == 0 || e.tooLarge()) {
        throw e;
      }
      LOG.info(() -> label + ": resumed bytes failed verification; downloading it again");
      return attempt(uri, authorization, partial, expected, limit, label, 0);
    }
  }

  private Fetched attempt(
      URI uri,
      Optional<String> authorization,
      Path partial,
      Expected expected,
      long limit,
      String label,
      long from)
      throws IOException {
    Opened opened = open(uri, authorization, from);
    try (InputStream in = body(opened)) {
      if (opened.status == 416 && from > 0) {
        Files.deleteIfExists(partial);
        return attempt(uri, authorization, partial, expected, limit, label, 0);
      }
      if (opened.status != 200 && opened.status != 206) {
        throw statusError(opened, in);
      }
      boolean append = opened.status == 206 && from > 0 && rangeStartsAt(opened, from);
      if (opened.status == 206 && !append) {
        throw new IOException(
            "unexpected partial content from " + where(opened.uri) + " for " + label);
      }
      long start = append ? from : 0;
      long declared = opened.connection.getContentLengthLong();
      long total = declared >= 0 ? start + declared : -1;
      if (total > limit) {
        Files.deleteIfExists(partial);
        throw tooLarge(label, total, limit);
      }
      if (total >= 0 && expected.size() >= 0 && total != expected.size()) {
        Files.deleteIfExists(partial);
        throw new IntegrityException(
            label + ": the server sends " + total + " bytes, expected " + expected.size(), false);
      }
      Hashes hashes = new Hashes(expected);
      if (append) {
        hashes.updateFrom(partial);
      }
      long size =
          stream(in, partial, append, start, declared, total, expected, limit, hashes, label);
      return verified(partial, expected, hashes, opened.firstHeaders, append, label, size);
    }
  }

  private long stream(
      InputStream in,
      Path partial,
      boolean append,
      long start,
      long declared,
      long total,
      Expected expected,
      long limit,
      Hashes hashes,
      String label)
      throws IOException {
    ProgressLog progress = new ProgressLog(LOG, label, total, start, nanoTime);
    long written = start;
    IntegrityException refused = null;
    try (FileChannel out =
        FileChannel.open(
            partial,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
      byte[] buffer = new byte[BUFFER];
      for (int n = read(in, buffer, label); n >= 0; n = read(in, buffer, label)) {
        written += n;
        if (written > limit) {
          refused = tooLarge(label, written, limit);
          break;
        }
        if (expected.size() >= 0 && written > expected.size()) {
          refused =
              new IntegrityException(
                  label + ": more than the expected " + expected.size() + " bytes", false);
          break;
        }
        hashes.update(buffer, n);
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
        while (chunk.hasRemaining()) {
          out.write(chunk);
        }
        progress.advance(written);
      }
      if (refused == null && declared >= 0 && written - start != declared) {
        throw new IOException(
            label + ": the body ended after " + (written - start) + " of " + declared + " bytes");
      }
      out.force(true);
    }
    if (refused != null) {
      Files.deleteIfExists(partial);
      throw refused;
    }
    progress.done(written);
    return written;
  }

  private int read(InputStream in, byte[] buffer, String label) throws IOException {
    try {
      return in.read(buffer);
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException(
          label + ": no data for " + readMillis + " ms (read timeout); the transfer stalled");
    } catch (IOException e) {
      throw new IOException(label + ": the transfer broke off (" + describe(e) + ")", e);
    }
  }

  private Fetched verified(
      Path partial,
      Expected expected,
      Hashes hashes,
      Map<String, String> headers,
      boolean resumed,
      String label)
      throws IOException {
    return verified(partial, expected, hashes, headers, resumed, label, Files.size(partial));
  }

  private static Fetched verified(
      Path partial,
      Expected expected,
      Hashes hashes,
      Map<String, String> headers,
      boolean resumed,
      String label,
      long size)
      throws IOException {
    String sha256 = hashes.sha256();
    String gitSha1 = hashes.gitSha1();
    String problem = null;
    if (expected.size() >= 0 && size != expected.size()) {
      problem = size + " bytes, expected " + expected.size();
    } else if (expected.sha256().isPresent() && !expected.sha256().get().equals(sha256)) {
      problem = "SHA-256 " + sha256 + ", expected " + expected.sha256().get();
    } else if (expected.gitSha1().isPresent() && !expected.gitSha1().get().equals(gitSha1)) {
      problem = "git blob SHA-1 " + gitSha1 + ", expected " + expected.gitSha1().get();
    }
    if (problem != null) {
      Files.deleteIfExists(partial);
      throw new IntegrityException(label + ": downloaded file has " + problem, false);
    }
    return new Fetched(size, sha256, headers, resumed);
  }

  private static Hashes hashOf(Path partial, Expected expected) throws IOException {
    Hashes hashes = new Hashes(expected);
    hashes.updateFrom(partial);
    return hashes;
  }

  // --- requests -------------------------------------------------------------------------------

  /** A response whose status and headers have arrived; its body is still to be read. */
  private record Opened(
      HttpURLConnection connection, int status, URI uri, Map<String, String> firstHeaders) {}

  private Opened open(URI start, Optional<String> authorization, long rangeFrom)
      throws IOException {
    URI uri = start;
    Optional<String> auth = authorization;
    Map<String, String> firstHeaders = null;
    for (int hop = 0; ; hop++) {
      HttpURLConnection connection = connect(uri, auth, rangeFrom);
      int status;
      try {
        status = connection.getResponseCode();
      } catch (IOException e) {
        connection.disconnect();
        if (e instanceof SocketTimeoutException) {
          throw new SocketTimeoutException(describe(e) + " waiting for " + where(uri));
        }
        throw new IOException(describe(e) + " from " + where(uri), e);
      }
      Map<String, String> headers = headers(connection);
      if (firstHeaders == null) {
        firstHeaders = headers;
      }
      if (!isRedirect(status)) {
        return new Opened(connection, status, uri, firstHeaders);
      }
      String location = connection.getHeaderField("Location");
      discard(connection);
      if (location == null) {
        throw new IOException("HTTP " + status + " without Location from " + where(uri));
      }
      if (hop + 1 > MAX_REDIRECTS) {
        throw new IOException("more than " + MAX_REDIRECTS + " redirects from " + where(start));
      }
      URI next;
      try {
        next = uri.resolve(location);
      } catch (IllegalArgumentException e) {
        throw new IOException("bad redirect Location from " + where(uri), e);
      }
      if ("https".equalsIgnoreCase(uri.getScheme())
          && !"https".equalsIgnoreCase(next.getScheme())) {
        throw new IOException("refusing a redirect from HTTPS to " + where(next));
      }
      if (auth.isPresent() && !sameOrigin(start, next)) {
        auth = Optional.empty();
      }
      LOG.fine(() -> "redirected from " + where(start) + " to " + where(next));
      uri = next;
    }
  }

  private HttpURLConnection connect(URI uri, Optional<String> auth, long rangeFrom)
      throws IOException {
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new IOException("not an HTTP URL: " + where(uri));
    }
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setInstanceFollowRedirects(false);
    connection.setUseCaches(false);
    connection.setConnectTimeout(connectMillis);
    connection.setReadTimeout(readMillis);
    connection.setRequestProperty("User-Agent", userAgent);
    connection.setRequestProperty("Accept-Encoding", "identity");
    auth.ifPresent(value -> connection.setRequestProperty("Authorization", value));
    if (rangeFrom > 0) {
      connection.setRequestProperty("Range", "bytes=" + rangeFrom + "-");
    }
    return connection;
  }

  private static InputStream body(Opened opened) throws IOException {
    InputStream in =
        opened.status >= 400
            ? opened.connection.getErrorStream()
            : opened.connection.getInputStream();
    return in != null ? in : InputStream.nullInputStream();
  }

  private static HttpStatusException statusError(Opened opened, InputStream errorBody) {
    String excerpt;
    try {
      excerpt = printable(errorBody.readNBytes(EXCERPT_CHARS));
    } catch (IOException e) {
      excerpt = "";
    }
    return new HttpStatusException(
        opened.status, where(opened.uri), excerpt, headers(opened.connection));
  }

  private static void discard(HttpURLConnection connection) {
    try (InputStream in =
        connection.getResponseCode() >= 400
            ? connection.getErrorStream()
            : connection.getInputStream()) {
      if (in != null) {
        in.readNBytes(BUFFER);
      }
    } catch (IOException ignored) {
      // A redirect's body is never used.
    }
  }

  private static boolean rangeStartsAt(Opened opened, long from) {
    String range = opened.connection.getHeaderField("Content-Range");
    return range != null && range.trim().startsWith("bytes " + from + "-");
  }

  private static IntegrityException tooLarge(String label, long bytes, long limit) {
    return new IntegrityException(
        label + ": " + bytes + " bytes is more than the download limit of " + limit + " bytes",
        true);
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI uri) {
    return uri.getPort() >= 0
        ? uri.getPort()
        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static Map<String, String> headers(HttpURLConnection connection) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, List<String>> e : connection.getHeaderFields().entrySet()) {
      if (e.getKey() != null && !e.getValue().isEmpty()) {
        headers.putIfAbsent(e.getKey(), e.getValue().get(0));
      }
    }
    return headers;
  }

  /** A URL for messages: scheme, host, port and path, never the query (it may be signed). */
  public static String where(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority() + Objects.toString(uri.getRawPath(), "");
  }

  private static String describe(IOException e) {
    if (e instanceof SocketTimeoutException) {
      return "timed out (" + e.getMessage() + ")";
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  private static String printable(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      out.append(b >= 0x20 && b < 0x7f ? (char) b : ' ');
    }
    return out.toString().trim();
  }

  private static int millis(Duration timeout, String name) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + timeout);
    }
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }
}
