package dev.modelcache.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JAX-RS client (Jersey) for one deployed service, answering {@link Reply} records whatever the
 * status. Query parameters are given as name, value pairs. {@link #withKey} and {@link #withHeader}
 * give a client that sends a header with every request. Thread-safe.
 */
public final class ServiceClient {
  /** One client for the whole run: JAX-RS clients are heavy and thread-safe. */
  private static final Client CLIENT =
      ClientBuilder.newBuilder()
          .connectTimeout(10, TimeUnit.SECONDS)
          .readTimeout(120, TimeUnit.SECONDS)
          .build();

  private static final Object[] NONE = {};

  private final WebTarget root;
  private final Map<String, String> headers;

  private ServiceClient(WebTarget root, Map<String, String> headers) {
    this.root = root;
    this.headers = headers;
  }

  /** A client for the service deployed at {@code base} (Arquillian's deployment URL). */
  public static ServiceClient at(URL base) {
    try {
      return new ServiceClient(CLIENT.target(base.toURI()), Map.of());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URI: " + base, e);
    }
  }

  /** This client, sending {@code Authorization: Bearer <secret>} with every request. */
  public ServiceClient withKey(String secret) {
    return withHeader("Authorization", "Bearer " + secret);
  }

  /** This client, sending one more header with every request. */
  public ServiceClient withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new ServiceClient(root, Map.copyOf(more));
  }

  /** The target for a path under the service root; slashes in {@code path} separate segments. */
  public WebTarget target(String path) {
    return root.path(path);
  }

  /** GET asking for JSON, as the seed's clients do. */
  public Reply get(String path, Object... query) {
    return send("GET", path, query, null, request(path, query, MediaType.APPLICATION_JSON).get());
  }

  /** GET asking for another media type (Prometheus text, YAML). */
  public Reply getAs(String mediaType, String path) {
    return send("GET", path, NONE, null, request(path, NONE, mediaType).get());
  }

  /** POST without a body. */
  public Reply post(String path, Object... query) {
    return send(
        "POST", path, query, null, request(path, query, MediaType.APPLICATION_JSON).post(null));
  }

  /** POST of a JSON object. */
  public Reply post(String path, JsonObject body) {
    return postRaw(path, body.toString(), MediaType.APPLICATION_JSON_TYPE);
  }

  /** POST of a body exactly as given, for bodies that are not JSON or not well-formed. */
  public Reply postRaw(String path, String body, MediaType type) {
    return send(
        "POST",
        path,
        NONE,
        body,
        request(path, NONE, MediaType.APPLICATION_JSON).post(Entity.entity(body, type)));
  }

  public Reply delete(String path) {
    return send(
        "DELETE", path, NONE, null, request(path, NONE, MediaType.APPLICATION_JSON).delete());
  }

  /** {@code {"text": text, "model_name": model}}. */
  public static JsonObject predictBody(String text, String model) {
    return Json.createObjectBuilder().add("text", text).add("model_name", model).build();
  }

  /** {@code {"texts": [...], "model_name": model}}. */
  public static JsonObject batchBody(List<String> texts, String model) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    texts.forEach(array::add);
    return Json.createObjectBuilder().add("texts", array).add("model_name", model).build();
  }

  private Invocation.Builder request(String path, Object[] query, String accept) {
    if (query.length % 2 != 0) {
      throw new IllegalArgumentException("query must be name, value pairs: " + List.of(query));
    }
    WebTarget target = target(path);
    for (int i = 0; i < query.length; i += 2) {
      target = target.queryParam(String.valueOf(query[i]), query[i + 1]);
    }
    Invocation.Builder request = target.request(accept);
    headers.forEach(request::header);
    return request;
  }

  private static Reply send(
      String method, String path, Object[] query, String body, Response response) {
    try (response) {
      StringBuilder request = new StringBuilder(method).append(" /").append(path);
      for (int i = 0; i < query.length; i += 2) {
        request.append(i == 0 ? '?' : '&').append(query[i]).append('=').append(query[i + 1]);
      }
      if (body != null) {
        request.append(' ').append(body);
      }
      Map<String, String> headers = new LinkedHashMap<>();
      response
          .getStringHeaders()
          .forEach(
              (name, values) -> {
                if (!values.isEmpty()) {
                  headers.put(name.toLowerCase(Locale.ROOT), values.get(0));
                }
              });
      return new Reply(
          request.toString(),
          response.getStatus(),
          response.getMediaType(),
          response.hasEntity() ? response.readEntity(String.class) : "",
          headers);
    }
  }
}
