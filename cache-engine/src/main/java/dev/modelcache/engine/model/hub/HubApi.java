package dev.modelcache.engine.model.hub;

import com.google.gson.JsonArray;
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
 * The two Hub routes the source uses, as {@code huggingface_hub} calls them: model info at a
 * revision with blob ids ({@code GET /api/models/{repo}/revision/{rev}?blobs=true}) and file
 * download ({@code GET /{repo}/resolve/{commit}/{path}}). Everything the server says that becomes a
 * file name (commit, blob ids, paths) is validated here. Thread-safe.
 */
final class HubApi {
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9_.+-]{1,200}");

  private final HttpFetcher fetcher;
  private final URI endpoint;
  private final Optional<String> authorization;

  HubApi(HttpFetcher fetcher, HubSettings settings) {
    this.fetcher = fetcher;
    this.endpoint = settings.endpoint();
    this.authorization = settings.token().map(token -> "Bearer " + token);
  }

  /** The {@code Authorization} header value, if a token is set. */
  Optional<String> authorization() {
    return authorization;
  }

  /**
   * The repository at a revision.
   *
   * @throws dev.modelcache.engine.model.download.HttpStatusException for 401, 404 and the rest
   * @throws IOException on network failures and on a malformed answer
   */
  RepoInfo modelInfo(String repo, String revision) throws IOException {
    URI uri =
        URI.create(
            endpoint + "/api/models/" + repo + "/revision/" + encode(revision) + "?blobs=true");
    String body = fetcher.getText(uri, authorization);
    try {
      return parse(JsonParser.parseString(body).getAsJsonObject());
    } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
      throw new IOException(
          "the Hub's model info for " + repo + " is not valid: " + e.getMessage(), e);
    }
  }

  /** The download URL of a file at a commit. */
  URI resolve(String repo, String commit, String path) {
    StringBuilder encoded = new StringBuilder();
    for (String segment : path.split("/")) {
      encoded.append('/').append(encode(segment));
    }
    return URI.create(endpoint + "/" + repo + "/resolve/" + commit + encoded);
  }

  private static RepoInfo parse(JsonObject json) throws IOException {
    String commit = string(json, "sha");
    if (commit == null || !COMMIT.matcher(commit).matches()) {
      throw new IOException("model info has no commit hash ('sha'): " + commit);
    }
    List<RepoFile> files = new ArrayList<>();
    JsonElement siblings = json.get("siblings");
    if (siblings != null && siblings.isJsonArray()) {
      for (JsonElement element : (JsonArray) siblings) {
        parseFile(element.getAsJsonObject()).ifPresent(files::add);
      }
    }
    return new RepoInfo(commit, files);
  }

  /** A sibling with a safe path and known blob id; others are skipped (never downloaded). */
  private static Optional<RepoFile> parseFile(JsonObject sibling) {
    String path = string(sibling, "rfilename");
    String blobId = string(sibling, "blobId");
    if (path == null || !safePath(path) || blobId == null || !COMMIT.matcher(blobId).matches()) {
      return Optional.empty();
    }
    long size = number(sibling, "size");
    Optional<String> lfsSha256 = Optional.empty();
    JsonElement lfs = sibling.get("lfs");
    if (lfs != null && lfs.isJsonObject()) {
      String sha = string(lfs.getAsJsonObject(), "sha256");
      if (sha == null || !SHA256.matcher(sha).matches()) {
        return Optional.empty();
      }
      lfsSha256 = Optional.of(sha);
      long lfsSize = number(lfs.getAsJsonObject(), "size");
      size = lfsSize >= 0 ? lfsSize : size;
    }
    return size < 0 ? Optional.empty() : Optional.of(new RepoFile(path, size, blobId, lfsSha256));
  }

  static boolean safePath(String path) {
    for (String segment : path.split("/", -1)) {
      if (!PATH_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static String string(JsonObject json, String field) {
    JsonElement value = json.get(field);
    return value != null && value.isJsonPrimitive() ? value.getAsString() : null;
  }

  private static long number(JsonObject json, String field) {
    JsonElement value = json.get(field);
    return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
        ? value.getAsLong()
        : -1;
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
