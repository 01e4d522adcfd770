package dev.modelcache.engine.model.hub;

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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Hub routes the source uses, as {@code huggingface_hub} calls them: model info at a revision
 * with blob ids ({@code GET /api/models/{repo}/revision/{rev}?blobs=true}), a file's metadata
 * ({@code HEAD /{repo}/resolve/{commit}/{path}}: for a server that lists files without {@code
 * blobId}, as {@code huggingface_hub} reads it from every file's headers) and file download ({@code
 * GET /{repo}/resolve/{commit}/{path}}).
 *
 * <p>Everything the server says that becomes a file name (commit, blob ids, paths) is validated
 * here: a file whose path or digest is unusable is skipped, with the reason kept for messages. A
 * malformed answer (not JSON, truncated, a field of the wrong type) is an {@link IOException} that
 * names the field ({@link JsonAnswer}). Thread-safe.
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
    return parse(repo, fetcher.getText(uri, authorization));
  }

  /**
   * {@code file} with its size and hash, from the model info if it had them, else from the headers
   * of a HEAD request for it at {@code commit}, as {@code huggingface_hub} downloads: the blob id
   * is {@code X-Linked-Etag} (an LFS file's SHA-256), else {@code ETag} (a git blob SHA-1); the
   * size is {@code X-Linked-Size}, else {@code Content-Length}.
   *
   * @throws IOException if the server does not answer, or its headers do not give a digest this
   *     service can verify the file against, or name another commit
   */
  RepoFile withMetadata(String repo, String commit, RepoFile file) throws IOException {
    if (file.isVerifiable()) {
      return file;
    }
    Map<String, String> headers = fetcher.head(resolve(repo, commit, file.path()), authorization);
    String where = "the Hub's headers for " + file.path();
    String answeredCommit = headers.get("X-Repo-Commit");
    if (answeredCommit != null && !answeredCommit.trim().equalsIgnoreCase(commit)) {
      throw new IOException(where + " name commit " + answeredCommit + ", not " + commit);
    }
    String linked = headers.get("X-Linked-Etag");
    String etag = normalizeEtag(linked != null ? linked : headers.getOrDefault("ETag", ""));
    String sizeHeader = linked != null ? headers.get("X-Linked-Size") : null;
    if (sizeHeader == null) {
      sizeHeader = headers.get("Content-Length");
    }
    long size;
    try {
      size = Long.parseLong(String.valueOf(sizeHeader).trim());
    } catch (NumberFormatException e) {
      throw new IOException(where + " give no size (X-Linked-Size or Content-Length)");
    }
    if (size < 0) {
      throw new IOException(where + " give a negative size: " + size);
    }
    if (SHA256.matcher(etag).matches()) {
      return new RepoFile(file.path(), size, Optional.empty(), Optional.of(etag));
    }
    if (COMMIT.matcher(etag).matches()) {
      return new RepoFile(file.path(), size, Optional.of(etag), Optional.empty());
    }
    throw new IOException(
        where
            + " give no ETag that is a SHA-256 or a git blob SHA-1 ("
            + (etag.isEmpty() ? "none" : etag)
            + "), so the file could not be verified");
  }

  /** The download URL of a file at a commit. */
  URI resolve(String repo, String commit, String path) {
    StringBuilder encoded = new StringBuilder();
    for (String segment : path.split("/")) {
      encoded.append('/').append(encode(segment));
    }
    return URI.create(endpoint + "/" + repo + "/resolve/" + commit + encoded);
  }

  /**
   * The model-info answer: {@code sha} and {@code siblings} are required; a sibling is {@code
   * rfilename} with, as {@code ?blobs=true} adds them, {@code blobId}, {@code size} and {@code lfs:
   * {sha256, size}}. A sibling listed without {@code blobId} is kept for {@link #withMetadata}.
   */
  static RepoInfo parse(String repo, String body) throws IOException {
    JsonAnswer answer = JsonAnswer.parse("the Hub's model info for " + repo, body);
    JsonObject json = answer.root();
    String commit = answer.string(json, "sha").orElse(null);
    if (commit == null || !COMMIT.matcher(commit).matches()) {
      throw answer.malformed("it has no commit hash ('sha'): " + commit);
    }
    List<RepoFile> files = new ArrayList<>();
    List<RepoInfo.Skipped> skipped = new ArrayList<>();
    List<JsonElement> siblings = answer.array(json, "siblings");
    for (int i = 0; i < siblings.size(); i++) {
      JsonObject sibling = answer.element(siblings.get(i), "siblings", i);
      String path =
          answer
              .string(sibling, "rfilename")
              .orElseThrow(() -> answer.malformed("a sibling has no rfilename"));
      String reason = problem(answer, sibling, path);
      if (reason != null) {
        skipped.add(new RepoInfo.Skipped(path, reason));
      } else {
        files.add(file(answer, sibling, path));
      }
    }
    return new RepoInfo(commit, files, skipped);
  }

  /** Why a sibling is never fetched, or null. */
  private static String problem(JsonAnswer answer, JsonObject sibling, String path)
      throws IOException {
    if (!safePath(path)) {
      return "unsafe path";
    }
    Optional<String> blobId = answer.string(sibling, "blobId");
    if (blobId.isPresent() && !COMMIT.matcher(blobId.get()).matches()) {
      return "blobId is not a git SHA-1: " + excerpt(blobId.get());
    }
    Optional<JsonObject> lfs = answer.object(sibling, "lfs");
    if (lfs.isPresent()) {
      Optional<String> sha = answer.string(lfs.get(), "sha256");
      if (sha.isEmpty() || !SHA256.matcher(sha.get()).matches()) {
        return "lfs.sha256 is not a SHA-256: " + sha.map(HubApi::excerpt).orElse("none");
      }
    }
    return null;
  }

  private static RepoFile file(JsonAnswer answer, JsonObject sibling, String path)
      throws IOException {
    Optional<String> blobId = answer.string(sibling, "blobId");
    long size = answer.count(sibling, "size").orElse(-1);
    Optional<JsonObject> lfs = answer.object(sibling, "lfs");
    Optional<String> lfsSha256 = Optional.empty();
    if (lfs.isPresent()) {
      lfsSha256 = answer.string(lfs.get(), "sha256");
      size = answer.count(lfs.get(), "size").orElse(size);
    }
    if (size < 0 || blobId.isEmpty() && lfsSha256.isEmpty()) {
      return RepoFile.listedOnly(path);
    }
    return new RepoFile(path, size, blobId, lfsSha256);
  }

  static boolean safePath(String path) {
    for (String segment : path.split("/", -1)) {
      if (!PATH_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return true;
  }

  /** As huggingface_hub normalises: drop a weak {@code W/} prefix and the quotes. */
  static String normalizeEtag(String etag) {
    String value = etag.trim();
    if (value.startsWith("W/")) {
      value = value.substring(2);
    }
    return value.replace("\"", "").toLowerCase(Locale.ROOT);
  }

  private static String excerpt(String value) {
    return value.length() > 80 ? value.substring(0, 80) + "..." : value;
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
