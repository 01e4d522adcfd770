package dev.modelcache.engine.model.download;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

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
  private static final System.Logger LOG = System.getLogger(HttpFetcher.class.getName());
  static final int MAX_DOCUMENT_BYTES = 8 << 20;
  private static final int BUFFER = 64 * 1024;

  private final int readMillis;
  private final GetOpener requests;
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
    this.readMillis = millis(readTimeout, "readTimeout");
    this.requests =
        new GetOpener(
            millis(connectTimeout, "connectTimeout"),
            readMillis,
            Objects.requireNonNull(userAgent, "userAgent"));
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
    GetOpener.Opened opened = requests.open(uri, authorization, 0);
    try (InputStream in = GetOpener.body(opened)) {
      if (opened.status() != 200) {
        throw GetOpener.statusError(opened, in);
      }
      byte[] bytes;
      try {
        bytes = in.readNBytes(MAX_DOCUMENT_BYTES + 1);
      } catch (SocketTimeoutException e) {
        throw new SocketTimeoutException(
            "no data from "
                + GetOpener.where(opened.uri())
                + " for "
                + readMillis
                + " ms (read timeout)");
      }
      if (bytes.length > MAX_DOCUMENT_BYTES) {
        throw new IOException(
            "response from " + GetOpener.where(opened.uri()) + " is larger than 8 MiB");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /**
   * The headers of a HEAD request, following only redirects within the host ({@link
   * GetOpener#head}); header names are case-insensitive.
   *
   * @param authorization the {@code Authorization} header value
   * @throws HttpStatusException for a final status of 400 or more
   * @throws IOException on timeouts and connection failures
   */
  public Map<String, String> head(URI uri, Optional<String> authorization) throws IOException {
    GetOpener.Opened opened = requests.head(uri, authorization);
    try {
      if (opened.status() >= 400) {
        throw GetOpener.statusError(opened, InputStream.nullInputStream());
      }
      return GetOpener.headers(opened.connection());
    } finally {
      opened.connection().disconnect();
    }
  }

  /**
   * Streams the transfer's URL into its {@code partial} file, resuming from the bytes already there
   * when the server honours a {@code Range} request, and checks the result against its {@code
   * expected} size and hashes.
   *
   * <p>On success the file is complete, flushed to disk and verified. If a check fails the file is
   * deleted and {@link IntegrityException} is thrown (after one fresh attempt, if the failing bytes
   * came partly from an earlier download). If the transfer breaks (timeout, truncated body, dropped
   * connection) the bytes received so far stay in {@code partial} for the next attempt to resume;
   * they are never valid until this method verified them.
   */
  public Fetched download(Transfer transfer) throws IOException {
    Path partial = transfer.partial();
    Expected expected = transfer.expected();
    long existing = Files.isRegularFile(partial) ? Files.size(partial) : 0;
    if (existing > 0 && (expected.size() < 0 || existing > expected.size())) {
      Files.delete(partial); // cannot tell whether these bytes are a prefix of the file
      existing = 0;
    }
    try {
      if (existing > 0 && existing == expected.size()) {
        // A previous run finished writing but not renaming: verify what is there.
        return verified(transfer, hashOf(partial, expected), Map.of(), existing);
      }
      return attempt(transfer, existing);
    } catch (IntegrityException e) {
      if (existing == 0 || e.tooLarge()) {
        throw e;
      }
      LOG.log(
          Level.INFO,
          () -> transfer.label() + ": resumed bytes failed verification; downloading it again");
      return attempt(transfer, 0);
    }
  }

  /** One request for the file, from byte {@code from} (0: all of it). */
  private Fetched attempt(Transfer transfer, long from) throws IOException {
    Path partial = transfer.partial();
    Expected expected = transfer.expected();
    String label = transfer.label();
    GetOpener.Opened opened = requests.open(transfer.uri(), transfer.authorization(), from);
    try (InputStream in = GetOpener.body(opened)) {
      if (opened.status() == 416 && from > 0) {
        Files.deleteIfExists(partial);
        return attempt(transfer, 0);
      }
      if (opened.status() != 200 && opened.status() != 206) {
        throw GetOpener.statusError(opened, in);
      }
      boolean append = opened.status() == 206 && from > 0 && GetOpener.rangeStartsAt(opened, from);
      if (opened.status() == 206 && !append) {
        throw new IOException(
            "unexpected partial content from " + GetOpener.where(opened.uri()) + " for " + label);
      }
      long start = append ? from : 0;
      long declared = opened.connection().getContentLengthLong();
      long total = declared >= 0 ? start + declared : -1;
      if (total > transfer.limit()) {
        Files.deleteIfExists(partial);
        throw tooLarge(label, total, transfer.limit());
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
      long size = stream(in, transfer, start, declared, hashes);
      return verified(transfer, hashes, opened.firstHeaders(), size);
    }
  }

  /**
   * Writes the body into the partial file, after the {@code start} bytes already there (0: from
   * scratch), hashing it on the way.
   *
   * @param declared the body's {@code Content-Length}, or -1
   * @return the file's size now
   */
  private long stream(InputStream in, Transfer transfer, long start, long declared, Hashes hashes)
      throws IOException {
    Path partial = transfer.partial();
    Expected expected = transfer.expected();
    String label = transfer.label();
    long limit = transfer.limit();
    long total = declared >= 0 ? start + declared : -1;
    ProgressLog progress = new ProgressLog(LOG, label, total, start, nanoTime);
    long written = start;
    IntegrityException refused = null;
    try (FileChannel out =
        FileChannel.open(
            partial,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            start > 0 ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
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
      throw new IOException(label + ": the transfer broke off (" + GetOpener.describe(e) + ")", e);
    }
  }

  private static Fetched verified(
      Transfer transfer, Hashes hashes, Map<String, String> headers, long size) throws IOException {
    Expected expected = transfer.expected();
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
      Files.deleteIfExists(transfer.partial());
      throw new IntegrityException(transfer.label() + ": downloaded file has " + problem, false);
    }
    return new Fetched(size, sha256, headers);
  }

  private static Hashes hashOf(Path partial, Expected expected) throws IOException {
    Hashes hashes = new Hashes(expected);
    hashes.updateFrom(partial);
    return hashes;
  }

  private static IntegrityException tooLarge(String label, long bytes, long limit) {
    return new IntegrityException(
        label + ": " + bytes + " bytes is more than the download limit of " + limit + " bytes",
        true);
  }

  private static int millis(Duration timeout, String name) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + timeout);
    }
    return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
  }
}
