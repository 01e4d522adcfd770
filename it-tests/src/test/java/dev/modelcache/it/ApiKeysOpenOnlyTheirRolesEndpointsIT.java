package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.batchBody;
import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.Keys;
import dev.modelcache.it.support.Reply;
import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With authentication on (the default), three keys with one role each reach exactly their
 * endpoints: without a key everything but health is 401 (with {@code WWW-Authenticate}), a key
 * outside its role is 403, and Payara's {@code /mp-metrics} follows the same rule. Two keys come
 * from {@code MODEL_CACHE_API_KEYS}, the metrics key from a key file in its hashed form.
 * Administrative calls and refusals land in the audit file with the key's id and never a secret.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ApiKeysOpenOnlyTheirRolesEndpointsIT {
  private static final String APP = Keys.secret("app");
  private static final String OPS = Keys.secret("ops");
  private static final String PROM = Keys.secret("prom");
  private static final Path DIR = tempDir();
  private static final Path AUDIT = DIR.resolve("audit/audit.log");

  /** One request: what a caller may ask of the service. */
  record Call(String name, Function<ServiceClient, Reply> send) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<Call> PREDICT =
      List.of(
          new Call("POST /predict", c -> c.post("predict", predictBody("hello", "tiny-a"))),
          new Call(
              "POST /predict/batch",
              c -> c.post("predict/batch", batchBody(List.of("a", "b"), "tiny-a"))),
          new Call("GET /models", c -> c.get("models")),
          new Call("GET /stats", c -> c.get("stats")));
  private static final List<Call> ADMIN =
      List.of(
          new Call("POST /models/tiny-b/preload", c -> c.post("models/tiny-b/preload")),
          new Call("DELETE /models/tiny-b", c -> c.delete("models/tiny-b")),
          new Call("POST /clear-cache", c -> c.post("clear-cache")),
          new Call("GET /logs", c -> c.get("logs")));
  private static final List<Call> METRICS =
      List.of(
          new Call("GET /metrics (JSON)", c -> c.get("metrics")),
          new Call("GET /metrics (Prometheus)", c -> c.getAs(MediaType.TEXT_PLAIN, "metrics")),
          new Call("GET /mp-metrics", c -> c.getAs(MediaType.TEXT_PLAIN, "mp-metrics")));
  private static final List<Call> HEALTH =
      List.of(
          new Call("GET /health", c -> c.get("health")),
          new Call("GET /health/live", c -> c.get("health/live")),
          new Call("GET /health/ready", c -> c.get("health/ready")));

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() throws IOException {
    Path keyFile = DIR.resolve("keys");
    Files.writeString(
        keyFile,
        "# Prometheus' key, stored hashed\nprometheus metrics " + Keys.hashed(PROM) + "\n",
        StandardCharsets.UTF_8);
    return ServiceDeployment.with(
        Map.of(
            "MODEL_CACHE_API_KEYS", "app:predict:" + APP + ",ops:admin:" + OPS,
            "MODEL_CACHE_API_KEYS_FILE", keyFile.toString(),
            "MODEL_CACHE_AUDIT_LOG", AUDIT.toString()));
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("model-cache-auth-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ServiceClient anonymous() {
    return ServiceClient.at(base);
  }

  @Test
  void withoutAKeyEverythingButHealthIsUnauthorizedAndSaysHowToSendOne() {
    for (List<Call> area : List.of(PREDICT, ADMIN, METRICS)) {
      for (Call call : area) {
        Reply reply = call.send().apply(anonymous());
        String message = reply.error(401, "unauthorized");
        assertTrue(message.contains("Authorization: Bearer"), call + ": " + message);
        assertEquals(
            "Bearer realm=\"model-cache\"", reply.header("WWW-Authenticate"), reply::describe);
      }
    }
    for (Call call : HEALTH) {
      assertEquals("UP", call.send().apply(anonymous()).ok().getString("status"), call::toString);
    }
  }

  @Test
  void anUnknownOrMalformedKeyIsUnauthorizedHoweverItIsSent() {
    String wrong = Keys.secret("app");

    anonymous().withKey(wrong).get("stats").error(401, "unauthorized");
    anonymous().withHeader("X-API-Key", wrong).get("stats").error(401, "unauthorized");
    anonymous()
        .withHeader("Authorization", "Basic YXBwOnNlY3JldA==")
        .get("stats")
        .error(401, "unauthorized");
    anonymous().withKey(Keys.hashed(PROM)).get("metrics").error(401, "unauthorized");
    anonymous().withKey(APP).withHeader("X-API-Key", OPS).get("stats").error(401, "unauthorized");
  }

  @Test
  void thePredictKeyPredictsButIsForbiddenToManageModelsOrReadMetrics() {
    ServiceClient app = anonymous().withKey(APP);

    for (Call call : PREDICT) {
      call.send().apply(app).ok();
    }
    for (Call call : concat(ADMIN, METRICS)) {
      String message = call.send().apply(app).error(403, "forbidden");
      assertTrue(message.contains("API key 'app'"), call + ": " + message);
    }
  }

  @Test
  void theAdminKeyManagesModelsButIsForbiddenToPredict() {
    ServiceClient ops = anonymous().withHeader("X-API-Key", OPS);

    for (Call call : ADMIN) {
      call.send().apply(ops).ok();
    }
    for (Call call : concat(PREDICT, METRICS)) {
      String message = call.send().apply(ops).error(403, "forbidden");
      assertTrue(message.contains("lacks the role"), call + ": " + message);
    }
  }

  @Test
  void theHashedMetricsKeyFromTheFileReadsMetricsOnly() {
    ServiceClient prometheus = anonymous().withKey(PROM);

    prometheus.get("metrics").ok();
    for (Call call : METRICS.subList(1, METRICS.size())) {
      Reply reply = call.send().apply(prometheus);
      assertEquals(200, reply.status(), reply::describe);
      assertTrue(reply.contentType().toString().startsWith("text/plain"), reply::describe);
    }
    for (Call call : concat(PREDICT, ADMIN)) {
      call.send().apply(prometheus).error(403, "forbidden");
    }
  }

  @Test
  void anAdminCallIsAuditedWithItsKeyIdAndTheAuditHoldsNoSecret() throws IOException {
    anonymous().withKey(OPS).post("models/tiny-c/preload").ok();
    anonymous().withKey(APP).delete("models/tiny-c").error(403, "forbidden");
    anonymous().delete("models/tiny-c").error(401, "unauthorized");

    String text = Files.readString(AUDIT, StandardCharsets.UTF_8);
    List<JsonObject> lines = text.lines().map(ApiKeysOpenOnlyTheirRolesEndpointsIT::json).toList();

    JsonObject config = lines.get(0);
    assertEquals("config", config.getString("event"), text);
    assertTrue(config.getString("detail").contains("app[predict]"), text);
    assertTrue(config.getString("detail").contains("prometheus[metrics]"), text);
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.getString("event").equals("preload")
                        && l.getString("key_id").equals("ops")
                        && l.getString("model").equals("tiny-c")
                        && l.getString("outcome").equals("ok")
                        && l.getInt("status") == 200
                        && !l.getString("client").isEmpty()),
        text);
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.getString("event").equals("auth_failure")
                        && !l.isNull("key_id")
                        && l.getString("key_id").equals("app")
                        && l.getInt("status") == 403
                        && l.getString("detail").startsWith("DELETE /models/tiny-c")),
        text);
    assertTrue(
        lines.stream()
            .anyMatch(
                l ->
                    l.getString("event").equals("auth_failure")
                        && l.isNull("key_id")
                        && l.getInt("status") == 401),
        text);
    for (String secret : List.of(APP, OPS, PROM)) {
      assertFalse(text.contains(secret), "a secret in the audit log");
      assertFalse(text.contains(secret.substring(secret.indexOf('-') + 1)), "a secret's tail");
    }
  }

  private static JsonObject json(String line) {
    try (JsonReader reader = Json.createReader(new StringReader(line))) {
      return reader.readObject();
    }
  }

  private static List<Call> concat(List<Call> a, List<Call> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
