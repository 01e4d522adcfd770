package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.batchBody;
import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.engine.testing.Await;
import dev.modelcache.it.support.Keys;
import dev.modelcache.it.support.Reply;
import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each key gets a bucket of {@value #BURST} requests that refills at one every 1000 s, so the
 * request after the burst is refused (429) with a long {@code Retry-After}, deterministically; a
 * batch pays one token per text. With one request at a time allowed, a request whose body is still
 * arriving holds the place and the next is refused at once (503 {@code overloaded}, {@code
 * Retry-After: 1}) until it is done; the public metrics show the place taken and given back, and
 * the refusal. Health, protected here, and metrics, public here, count against neither limit.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OverLimitRequestsGet429Or503WithRetryAfterIT {
  private static final int BURST = 20;
  private static final String A = Keys.secret("a");
  private static final String B = Keys.secret("b");
  private static final String C = Keys.secret("c");
  private static final String HOLDER = Keys.secret("holder");
  private static final String PROBE = Keys.secret("probe");
  private static final String MON = Keys.secret("mon");

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.with(
        Map.of(
            "MODEL_CACHE_API_KEYS",
            String.join(
                ",",
                "a:predict:" + A,
                "b:predict:" + B,
                "c:predict:" + C,
                "holder:predict:" + HOLDER,
                "probe:predict:" + PROBE,
                "mon:metrics:" + MON),
            "MODEL_CACHE_RATE_LIMIT",
            "0.001",
            "MODEL_CACHE_RATE_BURST",
            String.valueOf(BURST),
            "MODEL_CACHE_MAX_CONCURRENT_REQUESTS",
            "1",
            "MODEL_CACHE_PUBLIC_HEALTH",
            "false",
            "MODEL_CACHE_PUBLIC_METRICS",
            "true"));
  }

  @Test
  void aKeyPastItsBurstIsToldToRetryLaterWhileAnotherKeyIsServed() {
    ServiceClient a = ServiceClient.at(base).withKey(A);

    for (int i = 0; i < BURST; i++) {
      a.get("models").ok();
    }
    Reply refused = a.get("models");
    String message = refused.error(429, "rate_limited");
    ServiceClient.at(base).withKey(B).get("models").ok();

    long retryAfter = Long.parseLong(refused.header("Retry-After"));
    assertTrue(retryAfter > 900 && retryAfter <= 1000, refused::describe);
    assertTrue(message.contains("key a"), message);
    assertTrue(metric("model_cache_refused_requests_total{reason=\"rate_limited\"}") >= 1);
  }

  @Test
  void aBatchCostsOneTokenPerText() {
    ServiceClient c = ServiceClient.at(base).withKey(C);

    c.post("predict/batch", batchBody(Collections.nCopies(5, "hello"), "tiny-a")).ok();
    for (int i = 0; i < BURST - 5; i++) {
      c.get("models").ok();
    }

    c.get("models").error(429, "rate_limited");
  }

  @Test
  void whileOneRequestIsInFlightTheNextGets503AndThePlaceComesBackAfterIt() throws IOException {
    ServiceClient probe = ServiceClient.at(base).withKey(PROBE);
    byte[] body = predictBody("held back", "tiny-a").toString().getBytes(StandardCharsets.UTF_8);
    Await.until("no request in progress", Duration.ofSeconds(30), this::inProgress, n -> n == 0);

    try (Socket held = new Socket(base.getHost(), base.getPort())) {
      held.setSoTimeout(120_000);
      OutputStream out = held.getOutputStream();
      out.write(
          ("POST /predict HTTP/1.1\r\nHost: "
                  + base.getHost()
                  + "\r\nContent-Type: application/json\r\nAuthorization: Bearer "
                  + HOLDER
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 10);
      out.flush();
      Await.until(
          "the request with half a body holds the only place",
          Duration.ofSeconds(30),
          this::inProgress,
          n -> n == 1);

      Reply refused = probe.get("models");
      refused.error(503, "overloaded");
      assertEquals("1", refused.header("Retry-After"), refused::describe);
      assertTrue(metric("model_cache_refused_requests_total{reason=\"overloaded\"}") >= 1);

      out.write(body, 10, body.length - 10);
      out.flush();
      String answer = read(held.getInputStream());
      assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
      assertTrue(answer.contains("\"model_name\":\"tiny-a\""), answer);
    }

    Await.until("the place is given back", Duration.ofSeconds(30), this::inProgress, n -> n == 0);
    probe.get("models").ok();
  }

  /** Requests holding a place now, as the public metrics say. */
  private long inProgress() {
    return metric("model_cache_requests_in_progress");
  }

  private long metric(String sample) {
    Reply metrics = ServiceClient.at(base).getAs("text/plain", "metrics");
    assertEquals(200, metrics.status(), metrics::describe);
    return metrics
        .body()
        .lines()
        .filter(line -> line.startsWith(sample + " "))
        .map(line -> Long.parseLong(line.substring(sample.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + sample + " in " + metrics.body()));
  }

  @Test
  void healthNeedsTheMetricsRoleHereAndNeitherHealthNorMetricsAreLimited() {
    ServiceClient anonymous = ServiceClient.at(base);
    ServiceClient mon = anonymous.withKey(MON);

    anonymous.get("health").error(401, "unauthorized");
    anonymous.withKey(A).get("health/live").error(403, "forbidden");
    for (int i = 0; i < BURST + 5; i++) {
      assertEquals("UP", mon.get("health/live").ok().getString("status"));
      anonymous.get("metrics").ok();
    }
    mon.get("health/ready").ok();
    assertEquals(200, anonymous.getAs("text/plain", "mp-metrics").status());
  }

  private static String read(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }
}
