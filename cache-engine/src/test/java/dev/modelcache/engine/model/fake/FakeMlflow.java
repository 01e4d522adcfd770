package dev.modelcache.engine.model.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An MLflow tracking server on loopback with a model registry and the artifact proxy ({@code mlflow
 * server --serve-artifacts}), answering the REST routes and shapes of MLflow 2.x:
 *
 * <ul>
 *   <li>{@code GET /api/2.0/mlflow/model-versions/get?name=&version=} and {@code GET
 *       /api/2.0/mlflow/registered-models/alias?name=&alias=}: {@code {"model_version": {name,
 *       version (a string), creation_timestamp, last_updated_timestamp, current_stage, description,
 *       source, run_id, status, run_link, aliases}}}. A missing version is 404 {@code
 *       RESOURCE_DOES_NOT_EXIST}; a missing alias is 400 {@code INVALID_PARAMETER_VALUE}
 *       "Registered model alias X not found." (as MLflow answers); {@code @latest} is the latest
 *       version.
 *   <li>{@code GET /api/2.0/mlflow/model-versions/get-download-uri?name=&version=}: {@code
 *       {"artifact_uri": "mlflow-artifacts:/1/<run>/artifacts/model"}}.
 *   <li>{@code GET /api/2.0/mlflow-artifacts/artifacts?path=}: {@code {"files": [{path (a base
 *       name), is_dir, file_size}]}}, or {@code {}} for an empty folder; {@code GET
 *       /api/2.0/mlflow-artifacts/artifacts/<path>}: the file, streamed chunked.
 *   <li>errors {@code {"error_code": ..., "message": ...}}; with credentials required, 401 "You are
 *       not authenticated..." and {@code WWW-Authenticate: Basic realm="mlflow"}.
 * </ul>
 *
 * <p>Fault keys: {@code get}, {@code alias}, {@code download-uri}, {@code list} for the routes, and
 * {@code {name}/{version}/{path}} for one artifact file. Thread-safe; start with {@link #start()},
 * stop with {@link #close()}.
 */
public final class FakeMlflow implements AutoCloseable {
  private static final String API = "/api/2.0/mlflow/";
  private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";

  private final Faults faults = new Faults();
  private final FakeHttp http;
  private final Map<String, List<Version>> models = new ConcurrentHashMap<>();
  private final Map<String, Integer> aliases = new ConcurrentHashMap<>();
  private final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();
  private final Map<String, String> artifactKeys = new ConcurrentHashMap<>();
  private final AtomicInteger runs = new AtomicInteger();
  private volatile String requiredAuthorization;

  private record Version(String name, int version, String runId, String root, String status) {}

  private FakeMlflow() throws IOException {
    this.http = FakeHttp.start("127.0.0.1", faults, this::handle);
  }

  /** Starts the server on a free loopback port. */
  public static FakeMlflow start() throws IOException {
    return new FakeMlflow();
  }

  /** The base URL, for {@code MLFLOW_TRACKING_URI}. */
  public URI trackingUri() {
    return http.base();
  }

  /** The fault switches; keys as in the class comment. */
  public Faults faults() {
    return faults;
  }

  /**
   * Registers the next version of {@code name} from a model folder, logged as {@code
   * mlflow.onnx.log_model} would: {@code MLmodel} with an {@code onnx} flavour ({@code data:
   * model.onnx}), the graph as {@code model.onnx}, {@code conda.yaml}, {@code python_env.yaml},
   * {@code requirements.txt}, and the folder's {@code tokenizer.json} and {@code config.json}.
   *
   * @return the new version number
   */
  public int register(String name, Path modelFolder) throws IOException {
    Path graph =
        Files.isRegularFile(modelFolder.resolve("model.onnx"))
            ? modelFolder.resolve("model.onnx")
            : modelFolder.resolve("onnx/model.onnx");
    Map<String, byte[]> files = new TreeMap<>();
    files.put("model.onnx", Files.readAllBytes(graph));
    for (String extra : List.of("tokenizer.json", "config.json")) {
      if (Files.isRegularFile(modelFolder.resolve(extra))) {
        files.put(extra, Files.readAllBytes(modelFolder.resolve(extra)));
      }
    }
    files.put("MLmodel", mlmodel("model.onnx", files.get("model.onnx").length));
    files.put(
        "conda.yaml",
        "channels:\n- conda-forge\ndependencies:\n- python=3.11.9\n"
            .getBytes(StandardCharsets.UTF_8));
    files.put("python_env.yaml", "python: 3.11.9\n".getBytes(StandardCharsets.UTF_8));
    files.put(
        "requirements.txt", "mlflow==2.16.2\nonnx==1.16.0\n".getBytes(StandardCharsets.UTF_8));
    return register(name, files);
  }

  /**
   * Registers the next version of {@code name} with exactly these artifact files (relative path to
   * content) under its model folder.
   *
   * @return the new version number
   */
  public synchronized int register(String name, Map<String, byte[]> files) {
    List<Version> versions = models.computeIfAbsent(name, n -> new ArrayList<>());
    int version = versions.size() + 1;
    String runId =
        String.format("%032x", runs.incrementAndGet() * 0x9e3779b97f4a7c15L & Long.MAX_VALUE);
    String root = "1/" + runId + "/artifacts/model";
    files.forEach(
        (path, content) -> {
          artifacts.put(root + "/" + path, content);
          artifactKeys.put(root + "/" + path, name + "/" + version + "/" + path);
        });
    versions.add(new Version(name, version, runId, root, "READY"));
    return version;
  }

  /** Points {@code alias} of {@code name} at {@code version}. */
  public void setAlias(String name, String alias, int version) {
    aliases.put(name + "@" + alias, version);
  }

  /** Sets a version's registration status, e.g. {@code PENDING_REGISTRATION}. */
  public synchronized void setStatus(String name, int version, String status) {
    List<Version> versions = models.get(name);
    Version v = versions.get(version - 1);
    versions.set(version - 1, new Version(v.name(), v.version(), v.runId(), v.root(), status));
  }

  /** Requires {@code Authorization: Bearer token} on every request. */
  public void requireBearer(String token) {
    requiredAuthorization = "Bearer " + token;
  }

  /** Requires HTTP basic authentication with these credentials on every request. */
  public void requireBasic(String user, String password) {
    requiredAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Requests to a route ({@code get}, {@code alias}, {@code download-uri}, {@code list}). */
  public long requests(String route) {
    return http.counted("route:" + route);
  }

  /** Downloads of one artifact file of a version. */
  public long artifactRequests(String name, int version, String path) {
    return http.counted("artifact:" + name + "/" + version + "/" + path);
  }

  /** Every request received. */
  public long totalRequests() {
    return http.counted("all");
  }

  /** The {@code MLmodel} text of an {@code onnx} flavour whose graph is {@code data}. */
  public static byte[] mlmodel(String data, long size) {
    String yaml =
        "artifact_path: model\n"
            + "flavors:\n"
            + "  onnx:\n"
            + "    code: null\n"
            + "    data: "
            + data
            + "\n"
            + "    onnx_version: 1.16.0\n"
            + "    providers:\n"
            + "    - CPUExecutionProvider\n"
            + "  python_function:\n"
            + "    data: "
            + data
            + "\n"
            + "    env:\n"
            + "      conda: conda.yaml\n"
            + "      virtualenv: python_env.yaml\n"
            + "    loader_module: mlflow.onnx\n"
            + "    python_version: 3.11.9\n"
            + "mlflow_version: 2.16.2\n"
            + "model_size_bytes: "
            + size
            + "\n"
            + "model_uuid: 5f2b9c7e8d1a4b3c9e0f1a2b3c4d5e6f\n"
            + "utc_time_created: '2024-10-01 12:00:00.000000'\n";
    return yaml.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close();
  }

  // ---------------------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    http.count("all", 1);
    String required = requiredAuthorization;
    if (required != null
        && !required.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"mlflow\"");
      FakeHttp.text(
          exchange,
          401,
          "You are not authenticated. Please see"
              + " https://www.mlflow.org/docs/latest/auth/index.html#authenticating-to-mlflow on"
              + " how to authenticate.");
      return;
    }
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    if (path.equals(API + "model-versions/get")) {
      route(
          exchange,
          "get",
          () -> versionJson(exchange, find(query.get("name"), query.get("version"))));
    } else if (path.equals(API + "registered-models/alias")) {
      route(exchange, "alias", () -> alias(exchange, query.get("name"), query.get("alias")));
    } else if (path.equals(API + "model-versions/get-download-uri")) {
      route(
          exchange,
          "download-uri",
          () -> downloadUri(exchange, find(query.get("name"), query.get("version"))));
    } else if (path.equals(ARTIFACTS)) {
      route(exchange, "list", () -> list(exchange, query.getOrDefault("path", "")));
    } else if (path.startsWith(ARTIFACTS + "/")) {
      artifact(exchange, decode(path.substring(ARTIFACTS.length() + 1)));
    } else {
      FakeHttp.text(exchange, 404, "<!doctype html><title>404 Not Found</title>");
    }
  }

  private interface Body {
    void send() throws IOException;
  }

  private void route(HttpExchange exchange, String route, Body body) throws IOException {
    http.count("route:" + route, 1);
    if (!http.faulted(exchange, route, (e, s) -> error(e, s, "INTERNAL_ERROR", "fault"))) {
      body.send();
    }
  }

  private Optional<Version> find(String name, String version) {
    List<Version> versions = name == null ? null : models.get(name);
    if (versions == null || version == null) {
      return Optional.empty();
    }
    return versions.stream().filter(v -> Integer.toString(v.version()).equals(version)).findFirst();
  }

  private void versionJson(HttpExchange exchange, Optional<Version> version) throws IOException {
    if (version.isEmpty()) {
      error(exchange, 404, "RESOURCE_DOES_NOT_EXIST", "Model Version not found");
      return;
    }
    Version v = version.get();
    JsonObject mv = new JsonObject();
    mv.addProperty("name", v.name());
    mv.addProperty("version", Integer.toString(v.version()));
    mv.addProperty("creation_timestamp", 1727784000000L + v.version());
    mv.addProperty("last_updated_timestamp", 1727784000000L + v.version());
    mv.addProperty("current_stage", "None");
    mv.addProperty("description", "");
    mv.addProperty("source", "mlflow-artifacts:/" + v.root());
    mv.addProperty("run_id", v.runId());
    mv.addProperty("status", v.status());
    mv.addProperty("run_link", "");
    JsonArray names = new JsonArray();
    new TreeSet<>(aliases.keySet())
        .stream()
            .filter(k -> k.startsWith(v.name() + "@") && aliases.get(k) == v.version())
            .forEach(k -> names.add(k.substring(v.name().length() + 1)));
    mv.add("aliases", names);
    JsonObject body = new JsonObject();
    body.add("model_version", mv);
    FakeHttp.json(exchange, 200, body.toString());
  }

  private void alias(HttpExchange exchange, String name, String alias) throws IOException {
    List<Version> versions = name == null ? null : models.get(name);
    Integer version = aliases.get(name + "@" + alias);
    if ("latest".equalsIgnoreCase(alias) && versions != null && !versions.isEmpty()) {
      version = versions.get(versions.size() - 1).version();
    }
    if (version == null) {
      error(
          exchange,
          400,
          "INVALID_PARAMETER_VALUE",
          "Registered model alias " + alias + " not found.");
      return;
    }
    versionJson(exchange, find(name, version.toString()));
  }

  private void downloadUri(HttpExchange exchange, Optional<Version> version) throws IOException {
    if (version.isEmpty()) {
      error(exchange, 404, "RESOURCE_DOES_NOT_EXIST", "Model Version not found");
      return;
    }
    JsonObject body = new JsonObject();
    body.addProperty("artifact_uri", "mlflow-artifacts:/" + version.get().root());
    FakeHttp.json(exchange, 200, body.toString());
  }

  private void list(HttpExchange exchange, String folder) throws IOException {
    String prefix = folder.isEmpty() ? "" : folder + "/";
    Map<String, Long> files = new TreeMap<>();
    Map<String, Boolean> dirs = new HashMap<>();
    for (Map.Entry<String, byte[]> e : artifacts.entrySet()) {
      if (!e.getKey().startsWith(prefix)) {
        continue;
      }
      String rest = e.getKey().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        files.put(rest, (long) e.getValue().length);
      } else {
        dirs.put(rest.substring(0, slash), true);
        files.put(rest.substring(0, slash), -1L);
      }
    }
    JsonObject body = new JsonObject();
    if (!files.isEmpty()) {
      JsonArray array = new JsonArray();
      files.forEach(
          (name, size) -> {
            JsonObject file = new JsonObject();
            file.addProperty("path", name);
            boolean dir = dirs.containsKey(name);
            file.addProperty("is_dir", dir);
            if (!dir) {
              file.addProperty("file_size", size);
            }
            array.add(file);
          });
      body.add("files", array);
    }
    FakeHttp.json(exchange, 200, body.toString());
  }

  private void artifact(HttpExchange exchange, String path) throws IOException {
    byte[] content = artifacts.get(path);
    String key = artifactKeys.get(path);
    if (content == null) {
      error(exchange, 404, "RESOURCE_DOES_NOT_EXIST", "File not found: " + path);
      return;
    }
    http.count("artifact:" + key, 1);
    if (http.faulted(exchange, key, (e, s) -> error(e, s, "INTERNAL_ERROR", "fault"))) {
      return;
    }
    String file = path.substring(path.lastIndexOf('/') + 1);
    exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=" + file);
    exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    http.file(exchange, key, content, false);
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    JsonObject body = new JsonObject();
    body.addProperty("error_code", code);
    body.addProperty("message", message);
    FakeHttp.json(exchange, status, body.toString());
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
      }
    }
    return out;
  }

  private static String decode(String value) {
    return URLDecoder.decode(value, StandardCharsets.UTF_8);
  }
}
