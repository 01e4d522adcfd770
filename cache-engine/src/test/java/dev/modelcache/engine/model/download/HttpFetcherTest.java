package dev.modelcache.engine.model.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Redirect and credential rules of the shared client, against two plain loopback servers. */
class HttpFetcherTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final Optional<String> AUTH = Optional.of("Bearer secret-token");

  @TempDir Path dir;
  private HttpServer first;
  private HttpServer second;
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final HttpFetcher fetcher = new HttpFetcher(TIMEOUT, TIMEOUT, "test-agent");

  @BeforeEach
  void start() throws IOException {
    first = server("first");
    second = server("second");
    first.createContext("/same", e -> redirect(e, "/file"));
    first.createContext("/away", e -> redirect(e, base(second) + "/file"));
    first.createContext("/loop", e -> redirect(e, "/loop"));
  }

  @AfterEach
  void stop() {
    first.stop(0);
    second.stop(0);
  }

  @Test
  void theTokenFollowsARedirectOnItsOwnHost() throws IOException {
    assertEquals("first", fetcher.getText(URI.create(base(first) + "/same"), AUTH));

    assertEquals(List.of("first /same auth", "first /file auth"), seen);
  }

  @Test
  void theTokenIsDroppedWhenARedirectLeavesTheHost() throws IOException {
    Fetched fetched =
        fetcher.download(
            new Transfer(
                URI.create(base(first) + "/away"),
                AUTH,
                dir.resolve("file.part"),
                Expected.ofSize(6),
                100,
                "file"));

    assertEquals(6, fetched.size());
    assertEquals("second", Files.readString(dir.resolve("file.part"), StandardCharsets.UTF_8));
    assertEquals(List.of("first /away auth", "second /file none"), seen);
    assertTrue(fetched.header("Location").isPresent(), "the first hop's headers are kept");
  }

  @Test
  void aRedirectLoopStopsAfterFiveHops() {
    IOException e =
        assertThrows(
            IOException.class, () -> fetcher.getText(URI.create(base(first) + "/loop"), AUTH));

    assertTrue(e.getMessage().contains("more than 5 redirects"), e.getMessage());
    assertEquals(6, seen.size());
  }

  @Test
  void aFileLargerThanTheLimitIsRefusedAndDeleted() {
    IntegrityException e =
        assertThrows(
            IntegrityException.class,
            () ->
                fetcher.download(
                    new Transfer(
                        URI.create(base(second) + "/file"),
                        Optional.empty(),
                        dir.resolve("big.part"),
                        Expected.unknown(),
                        3,
                        "big")));

    assertTrue(e.tooLarge());
    assertFalse(Files.exists(dir.resolve("big.part")));
  }

  private HttpServer server(String name) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/file",
        e -> {
          record(
              name, e.getRequestURI().getPath(), e.getRequestHeaders().getFirst("Authorization"));
          byte[] body = name.getBytes(StandardCharsets.UTF_8);
          e.sendResponseHeaders(200, body.length);
          try (OutputStream out = e.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
    return server;
  }

  private void redirect(com.sun.net.httpserver.HttpExchange e, String location) throws IOException {
    record("first", e.getRequestURI().getPath(), e.getRequestHeaders().getFirst("Authorization"));
    e.getResponseHeaders().set("Location", location);
    e.sendResponseHeaders(302, -1);
    e.close();
  }

  private void record(String server, String path, String auth) {
    seen.add(server + " " + path + " " + (auth == null ? "none" : "auth"));
  }

  private static String base(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }
}
