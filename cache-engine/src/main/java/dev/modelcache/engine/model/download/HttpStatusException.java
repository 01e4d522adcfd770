package dev.modelcache.engine.model.download;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** A server answered with a status that is neither success nor redirect. */
public final class HttpStatusException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String excerpt;
  private final transient Map<String, String> headers;

  /**
   * @param status the HTTP status
   * @param where the URL without its query, for the message
   * @param excerpt the start of the error body, printable ASCII only
   * @param headers the response headers, first value of each
   */
  public HttpStatusException(
      int status, String where, String excerpt, Map<String, String> headers) {
    super("HTTP " + status + " from " + where + (excerpt.isEmpty() ? "" : ": " + excerpt));
    this.status = status;
    this.excerpt = excerpt;
    this.headers = Map.copyOf(headers);
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The start of the error body (at most a few hundred printable characters); may be empty. */
  public String excerpt() {
    return excerpt;
  }

  /** A response header, looked up case-insensitively. */
  public Optional<String> header(String name) {
    return headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
