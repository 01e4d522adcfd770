package dev.modelcache.service.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A forward brings back the member's answer as it was sent, with the caller's headers passed on; a
 * member that refuses or never answers is reported unreachable within the call's time.
 */
class ForwarderTest {
  private final Forwarder forwarder = new Forwarder(Duration.ofSeconds(1));

  private static Forwarder.Call call(Duration timeout) {
    return new Forwarder.Call(
        "POST",
        "/predict?x=1",
        "{\"model_name\":\"m\"}".getBytes(StandardCharsets.UTF_8),
        Map.of("Content-Type", "application/json", "X-API-Key", "k", HopToken.HEADER, "t"),
        timeout);
  }

  @Test
  void theAnswerComesBackAsTheMemberSentIt() throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          seen.set(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestHeaders().getFirst("X-API-Key")
                  + " "
                  + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] body = "{\"error\":\"overloaded\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.getResponseHeaders().add("Retry-After", "2");
          exchange.sendResponseHeaders(503, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    try {
      String base = "http://127.0.0.1:" + server.getAddress().getPort();
      Forwarder.Answer answer = forwarder.send(base, call(Duration.ofSeconds(5)));
      assertEquals(503, answer.status());
      assertEquals("application/json", answer.contentType());
      assertEquals("2", answer.retryAfter());
      assertArrayEquals(
          "{\"error\":\"overloaded\"}".getBytes(StandardCharsets.UTF_8), answer.body());
      assertEquals("POST /predict?x=1 k {\"model_name\":\"m\"}", seen.get());
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aClosedPortIsUnreachableAtOnce() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    long start = System.nanoTime();
    assertThrows(
        Forwarder.UnreachableException.class,
        () -> forwarder.send("http://127.0.0.1:" + port, call(Duration.ofSeconds(30))));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
  }

  @Test
  void aMemberThatNeverAnswersIsUnreachableWhenTheCallsTimeIsUp() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket accepted = silent.accept()) {
                  // Reads nothing and answers nothing until the test is over.
                  accepted.getInputStream().readAllBytes();
                } catch (IOException e) {
                  // The test is over.
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      Forwarder.UnreachableException e =
          assertThrows(
              Forwarder.UnreachableException.class,
              () ->
                  forwarder.send(
                      "http://127.0.0.1:" + silent.getLocalPort(), call(Duration.ofMillis(300))));
      assertTrue(e.getCause() instanceof java.net.http.HttpTimeoutException, e.toString());
    }
  }
}
