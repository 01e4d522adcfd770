package dev.modelcache.engine.model.download;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Opening one GET: a connection with the connect and read timeouts, the {@code User-Agent}, {@code
 * Accept-Encoding: identity} and an optional {@code Range}; redirects followed by hand (at most
 * five, never from HTTPS to HTTP), the {@code Authorization} header dropped once a redirect leaves
 * the first request's host; error bodies read only as far as a short excerpt. Thread-safe.
 */
final class GetOpener {
  private static final System.Logger LOG = System.getLogger(HttpFetcher.class.getName());
  static final int MAX_REDIRECTS = 5;
  private static final int EXCERPT_CHARS = 300;
  private static final int DISCARD_BYTES = 64 * 1024;

  private final int connectMillis;
  private final int readMillis;
  private final String userAgent;

  GetOpener(int connectMillis, int readMillis, String userAgent) {
    this.connectMillis = connectMillis;
    this.readMillis = readMillis;
    this.userAgent = userAgent;
  }

  /** A response whose status and headers have arrived; its body is still to be read. */
  record Opened(
      HttpURLConnection connection, int status, URI uri, Map<String, String> firstHeaders) {}

  Opened open(URI start, Optional<String> authorization, long rangeFrom) throws IOException {
    return open("GET", start, authorization, rangeFrom, true);
  }

  /**
   * HEADs {@code start}, following only redirects to a relative {@code Location} (within the host),
   * as {@code huggingface_hub} reads a file's metadata: the Hub answers an LFS file with a redirect
   * to its CDN whose own headers ({@code X-Linked-Etag}, {@code X-Linked-Size}) are the metadata,
   * so that redirect is not followed.
   */
  Opened head(URI start, Optional<String> authorization) throws IOException {
    return open("HEAD", start, authorization, 0, false);
  }

  private Opened open(
      String method,
      URI start,
      Optional<String> authorization,
      long rangeFrom,
      boolean followAbsolute)
      throws IOException {
    URI uri = start;
    Optional<String> auth = authorization;
    Map<String, String> firstHeaders = null;
    for (int hop = 0; ; hop++) {
      HttpURLConnection connection = connect(method, uri, auth, rangeFrom);
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
      if (location != null && !followAbsolute && !isRelative(location)) {
        return new Opened(connection, status, uri, firstHeaders);
      }
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
      LOG.log(Level.DEBUG, () -> "redirected from " + where(start) + " to " + where(next));
      uri = next;
    }
  }

  private HttpURLConnection connect(String method, URI uri, Optional<String> auth, long rangeFrom)
      throws IOException {
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new IOException("not an HTTP URL: " + where(uri));
    }
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setRequestMethod(method);
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

  static InputStream body(Opened opened) throws IOException {
    InputStream in =
        opened.status >= 400
            ? opened.connection.getErrorStream()
            : opened.connection.getInputStream();
    return in != null ? in : InputStream.nullInputStream();
  }

  static HttpStatusException statusError(Opened opened, InputStream errorBody) {
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
    if ("HEAD".equals(connection.getRequestMethod())) {
      connection.disconnect();
      return;
    }
    try (InputStream in =
        connection.getResponseCode() >= 400
            ? connection.getErrorStream()
            : connection.getInputStream()) {
      if (in != null) {
        in.readNBytes(DISCARD_BYTES);
      }
    } catch (IOException ignored) {
      // A redirect's body is never used.
    }
  }

  static boolean rangeStartsAt(Opened opened, long from) {
    String range = opened.connection.getHeaderField("Content-Range");
    return range != null && range.trim().startsWith("bytes " + from + "-");
  }

  /** A {@code Location} without scheme and host: a path on the same server. */
  private static boolean isRelative(String location) {
    try {
      URI target = new URI(location);
      return !target.isAbsolute() && target.getRawAuthority() == null;
    } catch (URISyntaxException e) {
      return false;
    }
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

  static Map<String, String> headers(HttpURLConnection connection) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, List<String>> e : connection.getHeaderFields().entrySet()) {
      if (e.getKey() != null && !e.getValue().isEmpty()) {
        headers.putIfAbsent(e.getKey(), e.getValue().get(0));
      }
    }
    return headers;
  }

  /** A URL for messages: scheme, host, port and path, never the query (it may be signed). */
  static String where(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority() + Objects.toString(uri.getRawPath(), "");
  }

  static String describe(IOException e) {
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
}
