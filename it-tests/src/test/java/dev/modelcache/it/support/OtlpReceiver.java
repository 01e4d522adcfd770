package dev.modelcache.it.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver as the protocol specifies it: {@code POST /v1/traces} with {@code
 * Content-Type: application/x-protobuf} (gzip-encoded or not), decoded with the {@code
 * opentelemetry-proto} classes, answered with an empty {@code ExportTraceServiceResponse}; any
 * other request gets 404 or 415, and a body that is not a valid message 400, so an exporter that
 * did not speak the protocol would be seen failing. On 127.0.0.1, a free port. Thread-safe.
 */
public final class OtlpReceiver implements AutoCloseable {
  /** One received span, with its resource's service name and its scope's name. */
  public record Received(String service, String scope, Span span) {
    public String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    public String spanId() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    public String parentSpanId() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }

    public String name() {
      return span.getName();
    }

    /** Attributes as strings (numbers and booleans printed), by key. */
    public Map<String, String> attributes() {
      Map<String, String> out = new TreeMap<>();
      for (KeyValue kv : span.getAttributesList()) {
        out.put(kv.getKey(), text(kv.getValue()));
      }
      return out;
    }

    /** The span ids this span links to. */
    public List<String> links() {
      return span.getLinksList().stream()
          .map(l -> HexFormat.of().formatHex(l.getSpanId().toByteArray()))
          .toList();
    }

    public long durationNanos() {
      return span.getEndTimeUnixNano() - span.getStartTimeUnixNano();
    }
  }

  private final HttpServer server;
  private final List<Received> spans = Collections.synchronizedList(new ArrayList<>());
  private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

  private OtlpReceiver(HttpServer server) {
    this.server = server;
  }

  /** Starts a receiver on a free loopback port. */
  public static OtlpReceiver start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      OtlpReceiver receiver = new OtlpReceiver(server);
      server.createContext("/", receiver::handle);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The base URL exporters send to ({@code OTEL_EXPORTER_OTLP_ENDPOINT}). */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every span received so far. */
  public List<Received> spans() {
    synchronized (spans) {
      return List.copyOf(spans);
    }
  }

  /** The spans of one trace. */
  public List<Received> trace(String traceId) {
    return spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
  }

  /** Requests refused as not OTLP, described. */
  public List<String> refused() {
    synchronized (refused) {
      return List.copyOf(refused);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String type = exchange.getRequestHeaders().getFirst("Content-Type");
      if (!exchange.getRequestMethod().equals("POST")
          || !exchange.getRequestURI().getPath().equals("/v1/traces")) {
        refuse(exchange, 404, exchange.getRequestMethod() + " " + exchange.getRequestURI());
        return;
      }
      if (type == null || !type.startsWith("application/x-protobuf")) {
        refuse(exchange, 415, "Content-Type " + type);
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
          body = in.readAllBytes();
        }
      }
      ExportTraceServiceRequest request;
      try {
        request = ExportTraceServiceRequest.parseFrom(body);
      } catch (com.google.protobuf.InvalidProtocolBufferException e) {
        refuse(exchange, 400, "not an ExportTraceServiceRequest: " + e.getMessage());
        return;
      }
      for (ResourceSpans resource : request.getResourceSpansList()) {
        String service = serviceName(resource.getResource());
        for (ScopeSpans scope : resource.getScopeSpansList()) {
          for (Span span : scope.getSpansList()) {
            spans.add(new Received(service, scope.getScope().getName(), span));
          }
        }
      }
      byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        exchange.getResponseBody().write(answer);
      }
    }
  }

  private void refuse(HttpExchange exchange, int status, String why) throws IOException {
    refused.add(status + " " + why);
    exchange.sendResponseHeaders(status, -1);
  }

  private static String serviceName(Resource resource) {
    for (KeyValue kv : resource.getAttributesList()) {
      if (kv.getKey().equals("service.name")) {
        return kv.getValue().getStringValue();
      }
    }
    return "";
  }

  private static String text(AnyValue value) {
    return switch (value.getValueCase()) {
      case STRING_VALUE -> value.getStringValue();
      case INT_VALUE -> Long.toString(value.getIntValue());
      case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
      case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
      default -> value.toString().trim();
    };
  }

  /**
   * The spans of a trace as an indented tree under their parents (roots first, children in start
   * order), with duration and attributes: for printing.
   */
  public static String tree(List<Received> spans) {
    StringBuilder out = new StringBuilder();
    List<Received> sorted = new ArrayList<>(spans);
    sorted.sort(
        (a, b) -> Long.compare(a.span().getStartTimeUnixNano(), b.span().getStartTimeUnixNano()));
    java.util.Set<String> ids = new java.util.HashSet<>();
    sorted.forEach(s -> ids.add(s.spanId()));
    for (Received root : sorted) {
      if (!ids.contains(root.parentSpanId())) {
        print(out, root, sorted, 0);
      }
    }
    return out.toString();
  }

  private static void print(StringBuilder out, Received span, List<Received> all, int depth) {
    out.append("  ".repeat(depth))
        .append(span.name())
        .append(" [")
        .append(span.span().getKind().name().replace("SPAN_KIND_", ""))
        .append(String.format(" %.2f ms", span.durationNanos() / 1e6))
        .append(", span ")
        .append(span.spanId())
        .append(", parent ")
        .append(span.parentSpanId().isEmpty() ? "-" : span.parentSpanId())
        .append("] ")
        .append(span.attributes());
    if (!span.links().isEmpty()) {
      out.append(" links ").append(span.links());
    }
    if (span.span().getStatus().getCodeValue() == 2) {
      out.append(" ERROR ").append(span.span().getStatus().getMessage());
    }
    out.append('\n');
    for (Received child : all) {
      if (child.parentSpanId().equals(span.spanId())) {
        print(out, child, all, depth + 1);
      }
    }
  }
}
