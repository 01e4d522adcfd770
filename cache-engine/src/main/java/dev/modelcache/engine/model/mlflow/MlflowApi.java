package dev.modelcache.engine.model.mlflow;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.modelcache.engine.model.download.HttpFetcher;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MLflow REST routes the source uses: {@code model-versions/get}, {@code
 * registered-models/alias}, {@code model-versions/get-download-uri} under {@code /api/2.0/mlflow/},
 * and the artifact proxy's list and download under {@code /api/2.0/mlflow-artifacts/artifacts}.
 * Everything the server says that becomes a file name is validated here. Thread-safe.
 */
final class MlflowApi {
  private static final String SCHEME = "mlflow-artifacts:";
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_.+=@,-]{1,200}");

  /** A registered model version as {@code {"model_version": {...}}} describes it. */
  record ModelVersion(String name, int version, String status, String source) {}

  /** One entry of an artifact listing; {@code size} is -1 when the server gives none. */
  record ArtifactFile(String name, boolean isDir, long size) {}

  private final HttpFetcher fetcher;
  private final URI tracking;
  private final Optional<String> authorization;

  MlflowApi(HttpFetcher fetcher, MlflowSettings settings) {
    this.fetcher = fetcher;
    this.tracking = settings.trackingUri();
    this.authorization = settings.authorization();
  }

  Optional<String> authorization() {
    return authorization;
  }

  ModelVersion version(String name, int version) throws IOException {
    return modelVersion(
        get("/api/2.0/mlflow/model-versions/get?name=" + q(name) + "&version=" + version));
  }

  ModelVersion byAlias(String name, String alias) throws IOException {
    return modelVersion(
        get("/api/2.0/mlflow/registered-models/alias?name=" + q(name) + "&alias=" + q(alias)));
  }

  /**
   * The version's artifact location as the proxy sees it: the path after {@code mlflow-artifacts:}.
   */
  String artifactRoot(String name, int version) throws IOException {
    JsonObject json =
        get(
            "/api/2.0/mlflow/model-versions/get-download-uri?name="
                + q(name)
                + "&version="
                + version);
    String uri = string(json, "artifact_uri");
    if (uri == null) {
      throw new IOException("get-download-uri answered no artifact_uri");
    }
    return artifactPath(uri);
  }

  /** The entries directly in an artifact folder (names, not paths). */
  List<ArtifactFile> list(String path) throws IOException {
    JsonObject json = get("/api/2.0/mlflow-artifacts/artifacts?path=" + q(path));
    List<ArtifactFile> files = new ArrayList<>();
    JsonElement array = json.get("files");
    if (array != null && array.isJsonArray()) {
      for (JsonElement element : array.getAsJsonArray()) {
        JsonObject file = element.getAsJsonObject();
        String entry = string(file, "path");
        if (entry == null) {
          continue;
        }
        String name = entry.substring(entry.lastIndexOf('/') + 1);
        if (!safeSegment(name)) {
          continue; // never written to disk
        }
        JsonElement dir = file.get("is_dir");
        JsonElement size = file.get("file_size");
        files.add(
            new ArtifactFile(
                name,
                dir != null && dir.getAsBoolean(),
                size != null && size.isJsonPrimitive() ? size.getAsLong() : -1));
      }
    }
    return files;
  }

  /** The download URL of an artifact, {@code path} relative to the proxy's root. */
  URI artifact(String path) {
    StringBuilder encoded = new StringBuilder();
    for (String segment : path.split("/")) {
      encoded.append('/').append(q(segment));
    }
    return URI.create(tracking + "/api/2.0/mlflow-artifacts/artifacts" + encoded);
  }

  /**
   * The proxy path of an {@code mlflow-artifacts:/path} or {@code mlflow-artifacts://host/path}
   * URI; the host, if any, is ignored: artifacts come through the configured tracking server.
   *
   * @throws IOException for any other scheme (s3:, file:, dbfs:): the server must serve artifacts
   */
  static String artifactPath(String uri) throws IOException {
    if (!uri.startsWith(SCHEME)) {
      throw new IOException(
          "the version's artifacts are at "
              + uri.replaceAll("\\?.*", "")
              + ", which this service reads only through the tracking server's artifact proxy"
              + " (mlflow-artifacts:); run the server with --serve-artifacts");
    }
    String rest = uri.substring(SCHEME.length());
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    String path = rest.replaceAll("^/+", "").replaceAll("/+$", "");
    if (path.isEmpty() || !safePath(path)) {
      throw new IOException("unusable artifact location: " + uri);
    }
    return path;
  }

  static boolean safePath(String path) {
    for (String segment : path.split("/", -1)) {
      if (!safeSegment(segment)) {
        return false;
      }
    }
    return true;
  }

  private static boolean safeSegment(String segment) {
    return SEGMENT.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..");
  }

  private JsonObject get(String pathAndQuery) throws IOException {
    String body = fetcher.getText(URI.create(tracking + pathAndQuery), authorization);
    try {
      JsonElement json = JsonParser.parseString(body);
      return json.isJsonObject() ? json.getAsJsonObject() : new JsonObject();
    } catch (JsonParseException e) {
      throw new IOException("MLflow answered something that is not JSON: " + e.getMessage(), e);
    }
  }

  private static ModelVersion modelVersion(JsonObject json) throws IOException {
    JsonElement element = json.get("model_version");
    if (element == null || !element.isJsonObject()) {
      throw new IOException("MLflow's answer has no model_version");
    }
    JsonObject mv = element.getAsJsonObject();
    String version = string(mv, "version");
    try {
      return new ModelVersion(
          string(mv, "name"),
          Integer.parseInt(String.valueOf(version)),
          String.valueOf(string(mv, "status")),
          string(mv, "source"));
    } catch (NumberFormatException e) {
      throw new IOException("MLflow's model_version has no numeric version: " + version, e);
    }
  }

  private static String string(JsonObject json, String field) {
    JsonElement value = json.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
