package dev.modelcache.service.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * Sends one request to another member over HTTP and brings back its answer unchanged. One {@link
 * HttpClient} for the member's life: HTTP/1.1 with keep-alive connections pooled per member, no
 * proxy (members reach each other directly), no redirects. Thread-safe.
 */
final class Forwarder {
  private final HttpClient client;

  /**
   * @param connectTimeout the longest wait for a connection to a member
   */
  Forwarder(Duration connectTimeout) {
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(connectTimeout)
            .proxy(HttpClient.Builder.NO_PROXY)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * One request to forward.
   *
   * @param pathAndQuery the path below the member's URL, with the query if any ({@code /predict})
   * @param headers the headers to send (credentials, content type, the hop token)
   * @param timeout the longest wait for the whole answer: the caller's remaining time
   */
  record Call(
      String method,
      String pathAndQuery,
      byte[] body,
      Map<String, String> headers,
      Duration timeout) {}

  /**
   * A member's answer, as it sent it.
   *
   * @param contentType its {@code Content-Type}, or null
   * @param retryAfter its {@code Retry-After}, or null
   */
  record Answer(int status, String contentType, String retryAfter, byte[] body) {}

  /** Thrown when the member could not be reached or did not answer in time. */
  static final class UnreachableException extends Exception {
    private static final long serialVersionUID = 1L;

    UnreachableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Sends {@code call} to the member at {@code baseUrl}.
   *
   * @throws UnreachableException on a refused or timed-out connection, a reset, or no answer within
   *     the call's timeout
   */
  Answer send(String baseUrl, Call call) throws UnreachableException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUrl + call.pathAndQuery()))
            .timeout(call.timeout())
            .method(call.method(), HttpRequest.BodyPublishers.ofByteArray(call.body()));
    call.headers().forEach(request::header);
    try {
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Answer(
          response.statusCode(),
          response.headers().firstValue("Content-Type").orElse(null),
          response.headers().firstValue("Retry-After").orElse(null),
          response.body());
    } catch (IOException e) {
      throw new UnreachableException(baseUrl + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnreachableException(baseUrl + ": interrupted", e);
    }
  }
}
