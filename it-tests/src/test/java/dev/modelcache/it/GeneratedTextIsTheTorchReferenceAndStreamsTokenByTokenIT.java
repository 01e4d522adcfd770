package dev.modelcache.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.Keys;
import dev.modelcache.it.support.RawHttp;
import dev.modelcache.it.support.Reply;
import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /generate} on the tiny GPT-2, T5 and BART of {@code fixtures/generation} answers
 * exactly the greedy tokens of the PyTorch modules they were exported from, as JSON and as
 * server-sent events that arrive one flushed chunk per event; a seed reproduces a sampled answer;
 * refusals come before the first byte with their status and the one error shape, at both doors;
 * generation needs the predict role and shows in the metrics. One deployment for all of it: the
 * generation models, API keys on.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GeneratedTextIsTheTorchReferenceAndStreamsTokenByTokenIT {
  private static final String APP = Keys.secret("app");
  private static final String OPS = Keys.secret("ops");
  private static final List<String> FAMILIES = List.of("tiny-gpt2", "tiny-t5", "tiny-bart");
  private static final String EVENTS = "text/event-stream";
  private static final Pattern EVENT = Pattern.compile("event: (\\w+)\ndata: (.*)\n\n");

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.with(
        Map.of(
            "MODEL_CACHE_MODEL_DIR",
            models().toString(),
            "MODEL_CACHE_API_KEYS",
            "app:predict:" + APP + ",ops:admin:" + OPS,
            "MODEL_CACHE_PUBLIC_METRICS",
            "true",
            "MAX_NEW_TOKENS",
            "48"));
  }

  @Test
  @Order(1)
  void greedyAnswersAreTheTorchModulesTokensForEveryFamily() {
    ServiceClient service = ServiceClient.at(base).withKey(APP);
    int answered = 0;
    for (String family : FAMILIES) {
      boolean first = true;
      for (JsonObject expected : cases(family)) {
        JsonObject answer = service.post("generate", body(family, expected)).ok();
        String what = family + ": " + expected.getString("prompt") + " -> " + answer;
        assertEquals(expected.getJsonArray("token_ids"), answer.getJsonArray("token_ids"), what);
        assertEquals(expected.getString("finish_reason"), answer.getString("finish_reason"), what);
        assertEquals(
            expected.getString("generated_text"), answer.getString("generated_text"), what);
        assertEquals(family, answer.getString("model_name"));
        assertEquals(
            expected.getJsonArray("prompt_ids").size(), answer.getInt("prompt_tokens"), what);
        assertEquals(answer.getJsonArray("token_ids").size(), answer.getInt("generated_tokens"));
        assertEquals(!first, answer.getBoolean("cached"), "the first request loads it: " + what);
        assertFalse(answer.containsKey("seed"), "greedy has no seed: " + what);
        assertTrue(answer.getJsonNumber("processing_time_ms").doubleValue() > 0, what);
        first = false;
        answered++;
      }
    }
    assertEquals(21, answered);
  }

  @Test
  @Order(2)
  void aStreamSendsEachTokenAsAFlushedEventThenTheWholeAnswer() {
    RawHttp raw = RawHttp.at(base).withKey(APP);
    for (String family : FAMILIES) {
      JsonObject expected = cases(family).get(1);
      Reply reply = raw.postAccepting("generate", body(family, expected).toString(), EVENTS);

      assertEquals(200, reply.status(), reply::describe);
      assertEquals(EVENTS, reply.contentType().getType() + "/" + reply.contentType().getSubtype());
      assertEquals("chunked", reply.header("Transfer-Encoding"), "streamed, not buffered");
      assertNull(reply.header("Content-Length"), "a buffered answer would have a length");
      List<String[]> events = events(reply.body());
      String[] last = events.get(events.size() - 1);
      assertEquals("done", last[0], reply.body());
      JsonObject done = json(last[1]);
      StringBuilder text = new StringBuilder();
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < events.size() - 1; i++) {
        assertEquals("token", events.get(i)[0], reply.body());
        JsonObject token = json(events.get(i)[1]);
        assertEquals(i, token.getInt("index"));
        ids.add(token.getJsonNumber("token_id").longValue());
        text.append(token.getString("text"));
      }
      assertEquals(numbers(expected), ids, family);
      assertEquals(expected.getJsonArray("token_ids"), done.getJsonArray("token_ids"), family);
      assertEquals(expected.getString("generated_text"), done.getString("generated_text"));
      assertEquals(done.getString("generated_text"), text.toString(), "the pieces add up");
    }
  }

  @Test
  @Order(3)
  void aSeedReproducesASampledAnswerAndAnUnseededOneReportsItsSeed() {
    ServiceClient service = ServiceClient.at(base).withKey(APP);
    JsonObject seeded = sampled("march").add("seed", 7).build();
    JsonObject first = service.post("generate", seeded).ok();
    JsonObject again = service.post("generate", seeded).ok();
    assertEquals(first.getJsonArray("token_ids"), again.getJsonArray("token_ids"));
    assertEquals(7, first.getJsonNumber("seed").longValue());

    JsonObject unseeded = service.post("generate", sampled("march").build()).ok();
    long seed = unseeded.getJsonNumber("seed").longValue();
    JsonObject replayed = service.post("generate", sampled("march").add("seed", seed).build()).ok();
    assertEquals(unseeded.getJsonArray("token_ids"), replayed.getJsonArray("token_ids"));
  }

  @Test
  @Order(4)
  void refusalsComeBeforeTheFirstByteWithTheirStatusAtBothDoors() {
    JsonObject good =
        Json.createObjectBuilder().add("text", "mars").add("model_name", "tiny-gpt2").build();
    for (String accept : List.of("application/json", EVENTS)) {
      RawHttp app = RawHttp.at(base).withKey(APP);
      RawHttp.at(base)
          .postAccepting("generate", good.toString(), accept)
          .error(401, "unauthorized");
      RawHttp.at(base)
          .withKey(OPS)
          .postAccepting("generate", good.toString(), accept)
          .error(403, "forbidden");
      assertTrue(
          app.postAccepting("generate", with(good, "model_name", "nope"), accept)
              .error(404, "model_not_found")
              .contains("tiny-gpt2"));
      assertTrue(
          app.postAccepting("generate", with(good, "model_name", "tiny-a"), accept)
              .error(400, "invalid_input")
              .contains("sequence_classification"));
      assertTrue(
          app.postAccepting(
                  "generate",
                  Json.createObjectBuilder(good).add("max_new_tokens", 49).build().toString(),
                  accept)
              .error(413, "input_too_large")
              .contains("MAX_NEW_TOKENS"));
      assertTrue(
          app.postAccepting(
                  "generate",
                  Json.createObjectBuilder(good).add("top_p", 0.5).build().toString(),
                  accept)
              .error(400, "invalid_input")
              .contains("temperature"));
      assertTrue(
          app.postAccepting(
                  "generate",
                  Json.createObjectBuilder(good).add("stream", true).build().toString(),
                  accept)
              .error(400, "invalid_input")
              .contains("unknown field 'stream'"));
    }
    assertTrue(
        ServiceClient.at(base)
            .withKey(APP)
            .post("predict", ServiceClient.predictBody("mars", "tiny-gpt2"))
            .error(400, "invalid_input")
            .contains("POST /generate"));
  }

  @Test
  @Order(5)
  void generationsShowInTheModelsAndTheMetrics() {
    ServiceClient service = ServiceClient.at(base).withKey(APP);
    Map<String, String> tasks = new java.util.TreeMap<>();
    for (JsonObject model :
        service.get("models").ok().getJsonArray("loaded").getValuesAs(JsonObject.class)) {
      tasks.put(model.getString("model_name"), model.getString("task"));
    }
    assertEquals(
        Map.of(
            "tiny-gpt2", "text_generation",
            "tiny-t5", "text_generation",
            "tiny-bart", "text_generation",
            "tiny-a", "sequence_classification"),
        tasks);
    String text = ServiceClient.at(base).getAs("text/plain", "metrics").body();
    assertTrue(
        counter(text, "model_cache_requests_total{endpoint=\"generate\",model=\"tiny-gpt2\"}")
            >= 7 + 1 + 3,
        text);
    assertTrue(counter(text, "model_cache_generated_tokens_total") > 100, text);
    assertEquals(0, counter(text, "model_cache_generations_in_progress"), text);
    assertEquals(0, counter(text, "model_cache_requests_in_progress"), "streams gave back places");
  }

  // ---------------------------------------------------------------------------------------------

  private static Path models() {
    return Path.of(System.getProperty("modelcache.itGenerationModels"));
  }

  private static List<JsonObject> cases(String family) {
    try (JsonReader reader =
        Json.createReader(
            new StringReader(
                Files.readString(
                    models().resolve(family).resolve("reference.json"), StandardCharsets.UTF_8)))) {
      return reader.readObject().getJsonArray("generation_cases").getValuesAs(JsonObject.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject body(String family, JsonObject expected) {
    return Json.createObjectBuilder()
        .add("text", expected.getString("prompt"))
        .add("model_name", family)
        .add("max_new_tokens", expected.getInt("max_new_tokens"))
        .build();
  }

  private static JsonObjectBuilder sampled(String prompt) {
    return Json.createObjectBuilder()
        .add("text", prompt)
        .add("model_name", "tiny-gpt2")
        .add("max_new_tokens", 12)
        .add("temperature", 2.5)
        .add("top_p", 0.95);
  }

  private static String with(JsonObject body, String field, String value) {
    return Json.createObjectBuilder(body).add(field, value).build().toString();
  }

  private static List<String[]> events(String body) {
    List<String[]> events = new ArrayList<>();
    Matcher m = EVENT.matcher(body);
    int end = 0;
    while (m.find()) {
      assertEquals(end, m.start(), "nothing between events: " + body);
      events.add(new String[] {m.group(1), m.group(2)});
      end = m.end();
    }
    assertEquals(body.length(), end, "nothing after the last event: " + body);
    return events;
  }

  private static List<Long> numbers(JsonObject expected) {
    return expected.getJsonArray("token_ids").getValuesAs(JsonNumber.class).stream()
        .map(JsonNumber::longValue)
        .toList();
  }

  private static JsonObject json(String text) {
    try (JsonReader reader = Json.createReader(new StringReader(text))) {
      return reader.readObject();
    }
  }

  private static double counter(String prometheus, String sample) {
    for (String line : prometheus.split("\n")) {
      if (line.startsWith(sample + " ")) {
        return Double.parseDouble(line.substring(sample.length() + 1).trim());
      }
    }
    throw new AssertionError("no sample " + sample + " in:\n" + prometheus);
  }
}
