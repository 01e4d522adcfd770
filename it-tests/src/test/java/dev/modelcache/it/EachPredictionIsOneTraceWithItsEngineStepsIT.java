package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.batchBody;
import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.engine.testing.Await;
import dev.modelcache.it.support.OtlpReceiver;
import dev.modelcache.it.support.OtlpReceiver.Received;
import dev.modelcache.it.support.RawHttp;
import dev.modelcache.it.support.ServiceDeployment;
import java.net.URL;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With the standard OpenTelemetry settings alone ({@code otel.sdk.disabled=false}, the OTLP
 * exporter over {@code http/protobuf}, a service name), each prediction is one trace, continuing
 * the caller's W3C {@code traceparent}: the server span (the lean door's own for {@code POST
 * /predict}, the server's for JAX-RS) and under it the engine's steps: the model load the request
 * caused (name, size, source), tokenisation, the queue wait and the ONNX Runtime run (batch size,
 * padded tokens). Spans are received by a protocol-faithful OTLP/HTTP receiver ({@link
 * OtlpReceiver}) and decoded with the {@code opentelemetry-proto} classes.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class EachPredictionIsOneTraceWithItsEngineStepsIT {
  private static final String JSON = "application/json";
  private static final Duration EXPORT_WAIT = Duration.ofSeconds(60);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final List<String> STEPS =
      List.of("model.load", "tokenize", "queue.wait", "inference.run");

  private static OtlpReceiver receiver;

  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    receiver = OtlpReceiver.start();
    return ServiceDeployment.with(
        Map.of(
            "otel.sdk.disabled", "false",
            "otel.traces.exporter", "otlp",
            "otel.exporter.otlp.endpoint", receiver.endpoint(),
            "otel.exporter.otlp.protocol", "http/protobuf",
            "otel.service.name", "model-cache-it",
            "otel.bsp.schedule.delay", "100"));
  }

  @AfterAll
  static void stopReceiver() {
    if (receiver != null) {
      receiver.close();
    }
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Waits until the trace holds a server span with this parent and every engine step. */
  private static List<Received> awaitTrace(String traceId, String parentId) {
    return Await.until(
        "trace " + traceId + " with its server span and " + STEPS,
        EXPORT_WAIT,
        () -> receiver.trace(traceId),
        spans -> {
          Set<String> names = spans.stream().map(Received::name).collect(Collectors.toSet());
          return spans.stream().anyMatch(s -> s.parentSpanId().equals(parentId))
              && names.containsAll(STEPS);
        });
  }

  private static Received only(List<Received> spans, String name) {
    List<Received> found = spans.stream().filter(s -> s.name().equals(name)).toList();
    assertEquals(1, found.size(), name + " in " + OtlpReceiver.tree(spans));
    return found.get(0);
  }

  private static void assertStepsUnder(Received server, List<Received> spans, String model) {
    for (String step : STEPS) {
      Received s = only(spans, step);
      assertEquals(server.spanId(), s.parentSpanId(), step + " is a child of the server span");
      assertEquals(model, s.attributes().get("model.name"), step);
      assertEquals("dev.modelcache", s.scope(), step);
    }
    Map<String, String> load = only(spans, "model.load").attributes();
    assertTrue(Long.parseLong(load.get("model.size_bytes")) > 0, load.toString());
    assertTrue(load.get("model.source").startsWith("local:"), load.toString());
    Map<String, String> run = only(spans, "inference.run").attributes();
    assertEquals("1", run.get("batch.requests"), run.toString());
    assertTrue(Long.parseLong(run.get("batch.padded_tokens")) > 0, run.toString());
    assertTrue(Long.parseLong(only(spans, "tokenize").attributes().get("tokens")) > 0);
  }

  @Test
  void aLeanDoorPredictionThatLoadsItsModelIsOneTraceUnderTheCallersParent() {
    String traceId = hex(16);
    String parentId = hex(8);
    RawHttp.at(base)
        .withHeader("traceparent", "00-" + traceId + "-" + parentId + "-01")
        .post(
            "predict",
            predictBody("WIN a FREE cruise!!! Click now", "spam-detector").toString(),
            JSON)
        .ok();

    List<Received> spans = awaitTrace(traceId, parentId);
    System.out.println("span tree of one POST /predict that loaded spam-detector:");
    System.out.print(OtlpReceiver.tree(spans));

    Received server = only(spans, "POST /predict");
    assertEquals(parentId, server.parentSpanId(), "the caller's traceparent is continued");
    assertEquals("SPAN_KIND_SERVER", server.span().getKind().name());
    assertEquals("model-cache-it", server.service());
    assertEquals("200", server.attributes().get("http.status_code"));
    assertEquals("/predict", server.attributes().get("http.route"));
    assertStepsUnder(server, spans, "spam-detector");
    assertEquals("1", only(spans, "inference.run").attributes().get("batch.size"));
    assertEquals(List.of(), receiver.refused());
  }

  @Test
  void aJaxRsBatchPredictionHasTheSameStepsUnderTheServersSpan() {
    String traceId = hex(16);
    String parentId = hex(8);
    RawHttp.at(base)
        .withHeader("traceparent", "00-" + traceId + "-" + parentId + "-01")
        .post(
            "predict/batch", batchBody(List.of("one", "two more words"), "tiny-a").toString(), JSON)
        .ok();

    List<Received> spans = awaitTrace(traceId, parentId);
    System.out.println("span tree of one POST /predict/batch that loaded tiny-a:");
    System.out.print(OtlpReceiver.tree(spans));

    Received server =
        spans.stream().filter(s -> s.parentSpanId().equals(parentId)).findFirst().orElseThrow();
    assertEquals("SPAN_KIND_SERVER", server.span().getKind().name());
    assertStepsUnder(server, spans, "tiny-a");
    assertEquals("2", only(spans, "inference.run").attributes().get("batch.size"));
  }

  @Test
  void anUnknownModelIsAFailedLoadUnderA404() {
    String traceId = hex(16);
    String parentId = hex(8);
    RawHttp.at(base)
        .withHeader("traceparent", "00-" + traceId + "-" + parentId + "-01")
        .post("predict", predictBody("x", "no-such-model").toString(), JSON)
        .error(404, "model_not_found");

    List<Received> spans =
        Await.until(
            "trace " + traceId + " with the server span and a failed model.load",
            EXPORT_WAIT,
            () -> receiver.trace(traceId),
            s ->
                s.stream().anyMatch(r -> r.name().equals("POST /predict"))
                    && s.stream().anyMatch(r -> r.name().equals("model.load")));
    Received server = only(spans, "POST /predict");
    assertEquals("404", server.attributes().get("http.status_code"));
    Received load = only(spans, "model.load");
    assertEquals(server.spanId(), load.parentSpanId());
    assertEquals(2, load.span().getStatus().getCodeValue(), "status ERROR");
    assertTrue(
        load.span().getEventsList().stream().anyMatch(e -> e.getName().equals("exception")),
        "the failure is recorded as an exception event");
  }
}
