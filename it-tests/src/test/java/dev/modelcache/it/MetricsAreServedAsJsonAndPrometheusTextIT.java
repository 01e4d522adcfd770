package dev.modelcache.it;

import static dev.modelcache.it.support.ServiceClient.predictBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.it.support.Reply;
import dev.modelcache.it.support.ServiceClient;
import dev.modelcache.it.support.ServiceDeployment;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MediaType;
import java.net.URL;
import java.util.List;
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
 * After one miss and one hit, the service's {@code /metrics} answers the seed's JSON summary to a
 * JSON client and the Prometheus text format to a scraper, and Payara's MicroProfile Metrics
 * endpoint, moved to {@code /mp-metrics}, exports the same cache metrics. The steps share one
 * server and run in order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricsAreServedAsJsonAndPrometheusTextIT {
  @ArquillianResource URL base;

  @Deployment(testable = false)
  static WebArchive service() {
    return ServiceDeployment.withDefaults();
  }

  @Test
  @Order(1)
  void theJsonSummaryHasTheSeedsFourFiguresAsNumbers() {
    ServiceClient service = ServiceClient.at(base);
    service.post("predict", predictBody("load it", "tiny-a")).ok(); // miss
    service.post("predict", predictBody("use it", "tiny-a")).ok(); // hit

    JsonObject metrics = service.get("metrics").ok();

    String all = metrics.toString();
    for (String field :
        List.of(
            "avg_inference_time_ms",
            "cache_hit_rate",
            "memory_efficiency",
            "throughput_per_second",
            "total_requests",
            "uptime_seconds")) {
      assertEquals(
          JsonValue.ValueType.NUMBER, metrics.get(field).getValueType(), field + ": " + all);
    }
    assertTrue(metrics.getJsonNumber("avg_inference_time_ms").doubleValue() > 0, all);
    assertEquals(0.5, metrics.getJsonNumber("cache_hit_rate").doubleValue(), 1e-9, all);
    double efficiency = metrics.getJsonNumber("memory_efficiency").doubleValue();
    assertTrue(efficiency > 0 && efficiency <= 1, "charged over budget, in (0, 1]: " + all);
    assertTrue(
        metrics.getJsonNumber("throughput_per_second").doubleValue() > 0,
        "two requests within the last minute: " + all);
    assertEquals(2, metrics.getInt("total_requests"), all);
  }

  @Test
  @Order(2)
  void metricsAnswersPrometheusTextToAScraper() {
    Reply reply = ServiceClient.at(base).getAs(MediaType.TEXT_PLAIN, "metrics");

    assertEquals(200, reply.status(), reply::describe);
    assertTrue(reply.contentType().isCompatible(MediaType.TEXT_PLAIN_TYPE), reply::describe);
    assertEquals("0.0.4", reply.contentType().getParameters().get("version"), reply::describe);
    assertCacheFigures(reply.body());
    assertTrue(reply.body().contains("# TYPE model_cache_lookups_total counter"), reply.body());
  }

  @Test
  @Order(3)
  void payarasMicroProfileMetricsEndpointExportsTheCacheMetrics() {
    Reply reply = ServiceClient.at(base).getAs(MediaType.TEXT_PLAIN, "mp-metrics");

    assertEquals(200, reply.status(), reply::describe);
    assertTrue(reply.contentType().isCompatible(MediaType.TEXT_PLAIN_TYPE), reply::describe);
    assertCacheFigures(reply.body());
  }

  /** One model loaded, one hit and one miss, two predict requests on tiny-a. */
  private static void assertCacheFigures(String text) {
    assertTrue(value(text, "model_cache_memory_used_bytes") > 0, text);
    assertEquals(1, value(text, "model_cache_lookups_total", "result=\"hit\""), text);
    assertEquals(1, value(text, "model_cache_lookups_total", "result=\"miss\""), text);
    assertEquals(
        2,
        value(text, "model_cache_requests_total", "endpoint=\"predict\"", "model=\"tiny-a\""),
        text);
    assertEquals(1, value(text, "model_cache_models_loaded"), text);
  }

  /** The value of the one sample of {@code metric} whose labels include {@code labels}. */
  private static double value(String prometheus, String metric, String... labels) {
    List<String> samples =
        prometheus
            .lines()
            .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
            .filter(line -> List.of(labels).stream().allMatch(line::contains))
            .toList();
    assertEquals(1, samples.size(), () -> metric + " " + List.of(labels) + ": " + samples);
    String sample = samples.get(0);
    return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
  }
}
