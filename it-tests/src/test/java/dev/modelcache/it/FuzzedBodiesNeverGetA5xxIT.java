package dev.modelcache.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.Keys;
import dev.modelcache.it.support.RawHttp;
import dev.modelcache.it.support.Reply;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A seeded random stream of hostile bodies (random bytes, truncated and mutated JSON, nesting
 * 10,000 deep, numbers like {@code 1e400} and 5,000 digits, duplicate keys, wrong types, strings up
 * to twice {@code MAX_BODY_BYTES}, invalid UTF-8, odd content types) sent to the prediction and the
 * administrative endpoints with a valid key: no answer is a 5xx (but for the designed 503 {@code
 * overloaded}) and every answer is JSON, errors in the one error shape. The seed (system property
 * {@code fuzz.seed}, else random) and the count of answers per kind of body and status are printed;
 * rerun a failure with {@code -Dfuzz.seed=<seed>}, send more with {@code -Dfuzz.bodies=<n>}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FuzzedBodiesNeverGetA5xxIT {
  private static final int BODIES = Integer.getInteger("fuzz.bodies", 400);
  private static final int MAX_BODY_BYTES = 65_536;
  private static final String KEY = Keys.secret("fuzz");
  private static final List<String> PATHS =
      List.of(
          "POST predict", "POST predict/batch", "POST models/tiny-a/preload", "POST clear-cache");
  private static final List<String> CONTENT_TYPES =
      List.of(
          "application/json",
          "application/json; charset=utf-8",
          "application/json; charset=utf-16",
          "application/json;;;",
          "application/json; charset=",
          "text/plain",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=x",
          "*/*",
          "application/*",
          "garbage",
          "");

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.with(
        Map.of(
            "MODEL_CACHE_API_KEYS",
            "fuzz:predict+admin:" + KEY,
            "MAX_BODY_BYTES",
            String.valueOf(MAX_BODY_BYTES)));
  }

  /** One kind of hostile body. */
  record Kind(String name, Function<Random, byte[]> body) {}

  private static final List<Kind> KINDS =
      List.of(
          new Kind("random bytes", r -> bytes(r, r.nextInt(2_000))),
          new Kind("truncated JSON", r -> truncate(r, valid(r))),
          new Kind("mutated JSON", r -> mutate(r, valid(r))),
          new Kind("deep nesting", FuzzedBodiesNeverGetA5xxIT::deep),
          new Kind("huge numbers", FuzzedBodiesNeverGetA5xxIT::hugeNumber),
          new Kind(
              "duplicate keys",
              r ->
                  utf8(
                      "{\"text\": \"a\", \"model_name\": \"tiny-a\", \"text\": \"b\", \"texts\": [], \"texts\": []}")),
          new Kind("wrong types", FuzzedBodiesNeverGetA5xxIT::wrongTypes),
          new Kind("huge strings", FuzzedBodiesNeverGetA5xxIT::hugeString),
          new Kind("invalid UTF-8", FuzzedBodiesNeverGetA5xxIT::invalidUtf8),
          new Kind("valid JSON", FuzzedBodiesNeverGetA5xxIT::valid));

  @Test
  void noHostileBodyGetsA5xxAndEveryAnswerIsJsonInTheErrorShape() {
    long seed = Long.getLong("fuzz.seed", new Random().nextLong());
    System.out.println(
        "FuzzedBodiesNeverGetA5xxIT: seed " + seed + " (rerun: -Dfuzz.seed=" + seed + ")");
    Random random = new Random(seed);
    RawHttp service = RawHttp.at(base).withKey(KEY);
    Map<String, Map<Integer, Integer>> counts = new TreeMap<>();
    List<String> violations = new ArrayList<>();

    for (int i = 0; i < BODIES; i++) {
      Kind kind = KINDS.get(random.nextInt(KINDS.size()));
      String[] target = PATHS.get(random.nextInt(PATHS.size())).split(" ");
      byte[] body = kind.body().apply(random);
      boolean oddType = random.nextInt(5) == 0;
      String type =
          oddType ? CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size())) : "application/json";
      boolean chunked = random.nextBoolean();
      Reply reply = service.send(target[0], target[1], body, type.isEmpty() ? null : type, chunked);
      String row = oddType ? "odd content type" : kind.name();
      if (!target[1].startsWith("predict")) {
        row = "(admin POST, body ignored)";
      }
      counts.computeIfAbsent(row, k -> new TreeMap<>()).merge(reply.status(), 1, Integer::sum);
      String problem = problem(reply);
      if (problem != null) {
        violations.add(problem + ": " + abbreviate(reply.describe()));
      }
    }

    System.out.println(
        "FuzzedBodiesNeverGetA5xxIT: answers of /predict and /predict/batch by kind of body, and of"
            + " the administrative POSTs, by status");
    counts.forEach((kind, byStatus) -> System.out.printf("  %-28s %s%n", kind, byStatus));
    Map<Integer, Integer> total = new TreeMap<>();
    counts.values().forEach(m -> m.forEach((s, n) -> total.merge(s, n, Integer::sum)));
    System.out.printf("  %-28s %s%n", "all " + BODIES, total);
    assertTrue(violations.isEmpty(), "seed " + seed + ": " + String.join("\n", violations));
  }

  /** What is wrong with an answer, or null. */
  private static String problem(Reply reply) {
    if (reply.contentType() == null
        || !reply.contentType().toString().startsWith("application/json")) {
      return "not JSON";
    }
    JsonObject body;
    try (JsonReader reader = Json.createReader(new StringReader(reply.body()))) {
      body = reader.readObject();
    } catch (RuntimeException e) {
      return "unparseable";
    }
    if (reply.status() >= 500
        && !(reply.status() == 503 && "overloaded".equals(body.getString("error", "")))) {
      return "a 5xx";
    }
    if (reply.status() >= 400
        && (!body.keySet().equals(Set.of("error", "message", "status"))
            || body.getInt("status", -1) != reply.status())) {
      return "not the error shape";
    }
    return null;
  }

  private static byte[] valid(Random r) {
    String text = "fuzz " + r.nextInt(1000);
    return utf8(
        r.nextBoolean()
            ? Json.createObjectBuilder()
                .add("text", text)
                .add("model_name", "tiny-a")
                .build()
                .toString()
            : Json.createObjectBuilder()
                .add("texts", Json.createArrayBuilder().add(text).add("two"))
                .add("model_name", "tiny-a")
                .build()
                .toString());
  }

  private static byte[] truncate(Random r, byte[] json) {
    return java.util.Arrays.copyOf(json, r.nextInt(json.length));
  }

  private static byte[] mutate(Random r, byte[] json) {
    byte[] out = json.clone();
    for (int i = 0, n = 1 + r.nextInt(4); i < n; i++) {
      out[r.nextInt(out.length)] = (byte) r.nextInt(256);
    }
    return out;
  }

  private static byte[] deep(Random r) {
    int depth = 10_000;
    String open = r.nextBoolean() ? "[" : "{\"text\":";
    String close = open.equals("[") ? "]" : "}";
    String inner = open.repeat(depth) + "1" + close.repeat(depth);
    return utf8(r.nextBoolean() ? inner : "{\"text\": " + inner + ", \"model_name\": \"tiny-a\"}");
  }

  private static byte[] hugeNumber(Random r) {
    String[] numbers = {
      "1e400",
      "-1e400",
      "9".repeat(5_000),
      "1." + "0".repeat(5_000) + "1",
      "-0",
      "NaN",
      "Infinity",
      "0x1F"
    };
    String n = numbers[r.nextInt(numbers.length)];
    return utf8(
        r.nextBoolean()
            ? "{\"text\": " + n + ", \"model_name\": \"tiny-a\"}"
            : "{\"texts\": [" + n + "]}");
  }

  private static byte[] wrongTypes(Random r) {
    JsonValue[] values = {
      JsonValue.TRUE,
      JsonValue.NULL,
      JsonValue.EMPTY_JSON_OBJECT,
      JsonValue.EMPTY_JSON_ARRAY,
      Json.createValue(42),
      Json.createValue(-3.5),
      Json.createValue("tiny-a")
    };
    return utf8(
        Json.createObjectBuilder()
            .add(r.nextBoolean() ? "text" : "texts", values[r.nextInt(values.length)])
            .add("model_name", values[r.nextInt(values.length)])
            .build()
            .toString());
  }

  private static byte[] hugeString(Random r) {
    int length = r.nextInt(2 * MAX_BODY_BYTES);
    char c = (char) (0x20 + r.nextInt(0x2fff));
    String text = String.valueOf(Character.isSurrogate(c) ? 'x' : c).repeat(length);
    return utf8(
        Json.createObjectBuilder()
            .add("text", text)
            .add("model_name", "tiny-a")
            .build()
            .toString());
  }

  private static byte[] invalidUtf8(Random r) {
    byte[][] bad = {
      {(byte) 0xC3, 0x28},
      {(byte) 0xFF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xE2, (byte) 0x82}
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(utf8("{\"text\": \"abc"));
    out.writeBytes(bad[r.nextInt(bad.length)]);
    out.writeBytes(utf8("def\", \"model_name\": \"tiny-a\"}"));
    return out.toByteArray();
  }

  private static byte[] bytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    return s.length() > 400 ? s.substring(0, 400) + "..." : s;
  }
}
