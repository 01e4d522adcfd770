package dev.modelcache.engine.model.mlflow;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.modelcache.engine.model.download.HttpFetcher;
import dev.modelcache.engine.model.download.JsonAnswer;
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
 * Everything the server says that becomes a file name is validated here, and every answer is read
 * by {@link JsonAnswer}: a malformed one (not JSON, truncated, a field of the wrong type) is an
 * {@link IOException} naming the route and the field, which the source reports as a load error.
 * Thread-safe.
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
        "model-versions/get",
        get("/api/2.0/mlflow/model-versions/get?name=" + q(name) + "&version=" + version));
  }

  ModelVersion byAlias(String name, String alias) throws IOException {
    return modelVersion(
        "registered-models/alias",
        get("/api/2.0/mlflow/registered-models/alias?name=" + q(name) + "&alias=" + q(alias)));
  }

  /**
   * The version's artifact location as the proxy sees it: the path after {@code mlflow-artifacts:}.
   */
  String artifactRoot(String name, int version) throws IOException {
    return downloadUri(
        get(
            "/api/2.0/mlflow/model-versions/get-download-uri?name="
                + q(name)
                + "&version="
                + version));
  }

  /** The entries directly in an artifact folder (names, not paths). */
  List<ArtifactFile> list(String path) throws IOException {
    return listing(get("/api/2.0/mlflow-artifacts/artifacts?path=" + q(path)));
  }

  /** {@code {"model_version": {...}}}: a version and status are required. */
  static ModelVersion modelVersion(String route, String body) throws IOException {
    JsonAnswer answer = JsonAnswer.parse("MLflow's answer to " + route, body);
    JsonObject mv =
        answer
            .object(answer.root(), "model_version")
            .orElseThrow(() -> answer.malformed("it has no model_version"));
    String version =
        answer
            .string(mv, "version")
            .orElseThrow(() -> answer.malformed("model_version has no version"));
    int number;
    try {
      number = Integer.parseInt(version.trim());
    } catch (NumberFormatException e) {
      throw answer.malformed("model_version.version is not a whole number: " + version);
    }
    return new ModelVersion(
        answer.string(mv, "name").orElse(null),
        number,
        answer
            .string(mv, "status")
            .orElseThrow(() -> answer.malformed("model_version has no status")),
        answer.string(mv, "source").orElse(null));
  }

  /** {@code {"artifact_uri": "mlflow-artifacts:/..."}}: the path after the scheme. */
  static String downloadUri(String body) throws IOException {
    JsonAnswer answer = JsonAnswer.parse("MLflow's answer to get-download-uri", body);
    String uri =
        answer
            .string(answer.root(), "artifact_uri")
            .orElseThrow(() -> answer.malformed("it has no artifact_uri"));
    return artifactPath(uri);
  }

  /**
   * {@code {"files": [{"path", "is_dir", "file_size"}]}}, or {@code {}} for an empty folder. An
   * entry whose name is not a safe file name is left out (never written to disk); any field of the
   * wrong type is an error.
   */
  static List<ArtifactFile> listing(String body) throws IOException {
    JsonAnswer answer = JsonAnswer.parse("MLflow's artifact listing", body);
    List<ArtifactFile> files = new ArrayList<>();
    List<JsonElement> entries = answer.array(answer.root(), "files");
    for (int i = 0; i < entries.size(); i++) {
      JsonObject file = answer.element(entries.get(i), "files", i);
      String entry = answer.string(file, "path").orElse(null);
      boolean isDir = answer.bool(file, "is_dir").orElse(false);
      long size = answer.count(file, "file_size").orElse(-1);
      if (entry == null) {
        continue;
      }
      String name = entry.substring(entry.lastIndexOf('/') + 1);
      if (safeSegment(name)) {
        files.add(new ArtifactFile(name, isDir, size));
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

  private String get(String pathAndQuery) throws IOException {
    return fetcher.getText(URI.create(tracking + pathAndQuery), authorization);
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
