package dev.modelcache.it.support;

import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Requests exactly as given, for bodies and headers a JAX-RS client would not send: arbitrary
 * bytes, any {@code Content-Type} string or none, bodies without a length ({@code
 * Transfer-Encoding: chunked}), DELETE with a body. Answers a {@link Reply} whatever the status.
 * Thread-safe.
 */
public final class RawHttp {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .proxy(HttpClient.Builder.NO_PROXY)
          .build();

  private final URI base;
  private final Map<String, String> headers;

  private RawHttp(URI base, Map<String, String> headers) {
    this.base = base;
    this.headers = headers;
  }

  /** Requests to the service deployed at {@code base}. */
  public static RawHttp at(URL base) {
    try {
      return new RawHttp(base.toURI(), Map.of());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URI: " + base, e);
    }
  }

  /** The same, sending {@code Authorization: Bearer <secret>} too. */
  public RawHttp withKey(String secret) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put("Authorization", "Bearer " + secret);
    return new RawHttp(base, Map.copyOf(more));
  }

  /** The same, sending one more header (e.g. {@code traceparent}). */
  public RawHttp withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new RawHttp(base, Map.copyOf(more));
  }

  /**
   * Sends one request.
   *
   * @param method the HTTP method
   * @param path the path under the service root, without a leading slash
   * @param body the body's bytes
   * @param contentType the {@code Content-Type} header as is, or null for none
   * @param chunked true to send the body without a length
   */
  public Reply send(String method, String path, byte[] body, String contentType, boolean chunked) {
    return send(method, path, body, contentType, chunked, MediaType.APPLICATION_JSON);
  }

  /** A POST of a UTF-8 JSON body asking for {@code accept} (server-sent events, say). */
  public Reply postAccepting(String path, String json, String accept) {
    return send(
        "POST",
        path,
        json.getBytes(StandardCharsets.UTF_8),
        MediaType.APPLICATION_JSON,
        false,
        accept);
  }

  private Reply send(
      String method, String path, byte[] body, String contentType, boolean chunked, String accept) {
    HttpRequest.BodyPublisher publisher =
        chunked
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))
            : HttpRequest.BodyPublishers.ofByteArray(body);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(120))
            .header("Accept", accept)
            .method(method, publisher);
    headers.forEach(request::header);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    String described =
        method
            + " /"
            + path
            + " ["
            + contentType
            + ", "
            + body.length
            + " bytes"
            + (chunked ? ", chunked" : "")
            + (accept.equals(MediaType.APPLICATION_JSON) ? "" : ", accepting " + accept)
            + "]";
    try {
      HttpResponse<byte[]> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      Map<String, String> first = new LinkedHashMap<>();
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!values.isEmpty()) {
                  first.put(name.toLowerCase(Locale.ROOT), values.get(0));
                }
              });
      List<String> types = response.headers().allValues("content-type");
      return new Reply(
          described,
          response.statusCode(),
          types.isEmpty() ? null : MediaType.valueOf(types.get(0)),
          new String(response.body(), StandardCharsets.UTF_8),
          first);
    } catch (IOException e) {
      throw new AssertionError(described + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(described + " interrupted", e);
    }
  }

  /** A POST of a UTF-8 string with a content length. */
  public Reply post(String path, String body, String contentType) {
    return send("POST", path, body.getBytes(StandardCharsets.UTF_8), contentType, false);
  }
}
