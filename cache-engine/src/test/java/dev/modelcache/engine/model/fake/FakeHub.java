package dev.modelcache.engine.model.fake;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A Hugging Face Hub on loopback, serving repositories built from local model folders through the
 * Hub's routes as {@code huggingface_hub} uses them:
 *
 * <ul>
 *   <li>{@code GET /api/models/{repo}[/revision/{rev}][?blobs=true]}: model info, {@code sha} and
 *       {@code siblings} ({@code rfilename}; with {@code blobs=true} also {@code blobId}, {@code
 *       size} and, for LFS files, {@code lfs: {sha256, size, pointerSize}}).
 *   <li>{@code GET /{repo}/resolve/{rev}/{path}}: a git file answers 200 with {@code ETag: "<git
 *       blob sha1>"}; an LFS file ({@code *.onnx}, {@code *.bin}, {@code *.safetensors}, {@code
 *       *.onnx_data}) answers 302 to the CDN host with {@code X-Linked-Etag: "<sha256>"}, {@code
 *       X-Linked-Size} and the pointer's {@code ETag}. Both carry {@code X-Repo-Commit}. {@code
 *       HEAD} answers the same headers without a body.
 *   <li>a repository marked with {@link #omitBlobIds} is listed by {@code rfilename} only, even
 *       with {@code blobs=true}, as some Hub-compatible servers list files.
 *   <li>the CDN ({@link #cdn()}, host {@code localhost} on another port; the Hub is {@code
 *       127.0.0.1}): {@code GET /lfs/{sha256}?Expires=..&Signature=..}, with {@code Range}.
 *   <li>errors as the Hub sends them: {@code X-Error-Code} ({@code RepoNotFound}, {@code
 *       RevisionNotFound}, {@code EntryNotFound}, {@code GatedRepo}) and {@code {"error": ...}}; an
 *       unknown or private repository is 401 without a token and 404 with one; a token it does not
 *       know is 401 "Invalid credentials in Authorization header".
 * </ul>
 *
 * <p>Fault keys: {@code info:{repo}} for model info; {@code {repo}/{path}} for one file (status and
 * delay at the resolve route; truncation, corruption and stalls where its bytes are sent).
 * Counters: {@link #infoRequests}, {@link #fileRequests}, {@link #cdnRequests}, {@link #bytesSent},
 * {@link #rangeRequests}. Thread-safe; start with {@link #start()}, stop with {@link #close()}.
 */
public final class FakeHub implements AutoCloseable {
  private static final Set<String> LFS_SUFFIXES =
      Set.of(".onnx", ".bin", ".safetensors", ".onnx_data", ".h5", ".msgpack");

  private final Faults faults = new Faults();
  private final Map<String, Repo> repos = new ConcurrentHashMap<>();
  private final Map<String, String> lfsKeys = new ConcurrentHashMap<>();
  private final Map<String, byte[]> lfsContent = new ConcurrentHashMap<>();
  private final Set<String> tokens = ConcurrentHashMap.newKeySet();
  private final Set<String> withoutBlobIds = ConcurrentHashMap.newKeySet();
  private volatile boolean cdnSawAuthorization;
  private final FakeHttp hub;
  private final FakeHttp cdn;

  private record Repo(
      String id, String commit, Map<String, byte[]> files, Optional<String> token) {}

  private FakeHub() throws IOException {
    this.hub = FakeHttp.start("127.0.0.1", faults, this::handleHub);
    this.cdn = FakeHttp.start("localhost", faults, this::handleCdn);
  }

  /** Starts the Hub and its CDN on free loopback ports. */
  public static FakeHub start() throws IOException {
    return new FakeHub();
  }

  /** The Hub's base URL, for {@code HF_ENDPOINT}: {@code http://127.0.0.1:port}. */
  public URI endpoint() {
    return hub.base();
  }

  /** The CDN's base URL: {@code http://localhost:otherPort}. */
  public URI cdn() {
    return cdn.base();
  }

  /** The fault switches; keys as in the class comment. */
  public Faults faults() {
    return faults;
  }

  /**
   * Publishes every file under {@code folder} as public repository {@code repoId}.
   *
   * @return the repository's commit hash
   */
  public String addRepo(String repoId, Path folder) throws IOException {
    return addRepo(repoId, folder, Map.of(), Optional.empty());
  }

  /**
   * Publishes {@code folder}'s files plus {@code extra} files (path to content, e.g. PyTorch
   * weights that must never be fetched), readable only with {@code token} if one is given.
   *
   * @return the repository's commit hash
   */
  public String addRepo(
      String repoId, Path folder, Map<String, byte[]> extra, Optional<String> token)
      throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file : (Iterable<Path>) walk.filter(Files::isRegularFile)::iterator) {
        files.put(folder.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
    }
    files.putAll(extra);
    MessageDigest commitDigest = digest("SHA-1");
    commitDigest.update(repoId.getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      commitDigest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
      commitDigest.update(file.getValue());
      if (isLfs(file.getKey())) {
        String sha = sha256(file.getValue());
        lfsKeys.put(sha, repoId + "/" + file.getKey());
        lfsContent.put(sha, file.getValue());
      }
    }
    String commit = HexFormat.of().formatHex(commitDigest.digest());
    token.ifPresent(tokens::add);
    repos.put(repoId, new Repo(repoId, commit, Map.copyOf(files), token));
    return commit;
  }

  /**
   * Lists {@code repoId}'s files by name only ({@code rfilename}, no {@code blobId}, {@code size}
   * or {@code lfs}), as a Hub-compatible server that ignores {@code blobs=true} does; a client then
   * needs each file's headers ({@code HEAD}) to verify it.
   */
  public void omitBlobIds(String repoId) {
    withoutBlobIds.add(repoId);
  }

  /** Also accepts {@code token} as a valid (if unprivileged) token. */
  public void addToken(String token) {
    tokens.add(token);
  }

  /** Model-info requests for {@code repo} so far. */
  public long infoRequests(String repo) {
    return hub.counted("info:" + repo);
  }

  /** {@code HEAD} requests for one file so far (also counted in {@link #fileRequests}). */
  public long headRequests(String repo, String path) {
    return hub.counted("head:" + repo + "/" + path);
  }

  /** Resolve requests for one file so far. */
  public long fileRequests(String repo, String path) {
    return hub.counted("resolve:" + repo + "/" + path);
  }

  /** CDN requests for one LFS file so far. */
  public long cdnRequests(String repo, String path) {
    return cdn.counted("cdn:" + repo + "/" + path);
  }

  /** Bytes of one file sent so far, by the Hub or the CDN. */
  public long bytesSent(String repo, String path) {
    String key = repo + "/" + path;
    return hub.counted("bytes:" + key) + cdn.counted("bytes:" + key);
  }

  /** Requests for one file that asked for a {@code Range}. */
  public long rangeRequests(String repo, String path) {
    String key = repo + "/" + path;
    return hub.counted("range:" + key) + cdn.counted("range:" + key);
  }

  /** The offsets of every {@code Range} request for one file, added up. */
  public long rangeOffsets(String repo, String path) {
    String key = repo + "/" + path;
    return hub.counted("rangeFrom:" + key) + cdn.counted("rangeFrom:" + key);
  }

  /** Every request either host received. */
  public long totalRequests() {
    return hub.counted("all") + cdn.counted("all");
  }

  /** Whether any request to the CDN host carried an {@code Authorization} header. */
  public boolean authorizationReachedCdn() {
    return cdnSawAuthorization;
  }

  /** The SHA-256 of one file as served, lower-case hex. */
  public String sha256Of(String repo, String path) {
    return sha256(repos.get(repo).files().get(path));
  }

  @Override
  public void close() {
    hub.close();
    cdn.close();
  }

  // --- the Hub --------------------------------------------------------------------------------

  private void handleHub(HttpExchange exchange) throws IOException {
    hub.count("all", 1);
    String path = exchange.getRequestURI().getRawPath();
    if (path.startsWith("/api/models/")) {
      String rest = path.substring("/api/models/".length());
      int at = rest.lastIndexOf("/revision/");
      if (at < 0) {
        modelInfo(exchange, rest, "main");
      } else {
        modelInfo(exchange, rest.substring(0, at), rest.substring(at + "/revision/".length()));
      }
    } else if (path.contains("/resolve/")) {
      int at = path.indexOf("/resolve/");
      String repo = path.substring(1, at);
      String rest = path.substring(at + "/resolve/".length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        error(exchange, 404, "EntryNotFound", "Entry not found");
        return;
      }
      resolve(exchange, repo, rest.substring(0, slash), rest.substring(slash + 1));
    } else {
      error(exchange, 404, null, "Sorry, we can't find the page you are looking for.");
    }
  }

  private void modelInfo(HttpExchange exchange, String repoId, String revision) throws IOException {
    hub.count("info:" + repoId, 1);
    if (hub.faulted(exchange, "info:" + repoId, (e, s) -> error(e, s, null, "Internal Error"))) {
      return;
    }
    Repo repo = visibleRepo(exchange, repoId);
    if (repo == null || !revisionOk(exchange, repo, revision)) {
      return;
    }
    String query = exchange.getRequestURI().getRawQuery();
    boolean blobs =
        query != null
            && ("&" + query + "&").contains("&blobs=true&")
            && !withoutBlobIds.contains(repoId);
    JsonObject info = new JsonObject();
    info.addProperty("_id", repo.commit().substring(0, 24));
    info.addProperty("id", repo.id());
    info.addProperty("modelId", repo.id());
    info.addProperty("author", repo.id().contains("/") ? repo.id().split("/")[0] : repo.id());
    info.addProperty("sha", repo.commit());
    info.addProperty("lastModified", "2024-05-01T12:00:00.000Z");
    info.addProperty("private", repo.token().isPresent());
    info.addProperty("disabled", false);
    info.addProperty("gated", false);
    info.addProperty("library_name", "transformers");
    JsonArray tags = new JsonArray();
    tags.add("onnx");
    tags.add("text-classification");
    info.add("tags", tags);
    info.addProperty("pipeline_tag", "text-classification");
    JsonArray siblings = new JsonArray();
    long storage = 0;
    for (Map.Entry<String, byte[]> file : repo.files().entrySet()) {
      JsonObject sibling = new JsonObject();
      sibling.addProperty("rfilename", file.getKey());
      if (blobs) {
        byte[] content = file.getValue();
        storage += content.length;
        if (isLfs(file.getKey())) {
          byte[] pointer = pointer(content);
          sibling.addProperty("blobId", gitSha1(pointer));
          sibling.addProperty("size", content.length);
          JsonObject lfs = new JsonObject();
          lfs.addProperty("sha256", sha256(content));
          lfs.addProperty("size", content.length);
          lfs.addProperty("pointerSize", pointer.length);
          sibling.add("lfs", lfs);
        } else {
          sibling.addProperty("blobId", gitSha1(content));
          sibling.addProperty("size", content.length);
        }
      }
      siblings.add(sibling);
    }
    info.add("siblings", siblings);
    info.addProperty("createdAt", "2024-04-01T12:00:00.000Z");
    if (blobs) {
      info.addProperty("usedStorage", storage);
    }
    FakeHttp.json(exchange, 200, info.toString());
  }

  private void resolve(HttpExchange exchange, String repoId, String revision, String file)
      throws IOException {
    String key = repoId + "/" + file;
    boolean head = exchange.getRequestMethod().equals("HEAD");
    hub.count("resolve:" + key, 1);
    if (head) {
      hub.count("head:" + key, 1);
    }
    if (hub.faulted(exchange, key, (e, s) -> error(e, s, errorCode(s), "fault"))) {
      return;
    }
    Repo repo = visibleRepo(exchange, repoId);
    if (repo == null || !revisionOk(exchange, repo, revision)) {
      return;
    }
    byte[] content = repo.files().get(file);
    if (content == null) {
      exchange.getResponseHeaders().set("X-Repo-Commit", repo.commit());
      error(exchange, 404, "EntryNotFound", file + " does not exist on \"" + revision + "\"");
      return;
    }
    exchange.getResponseHeaders().set("X-Repo-Commit", repo.commit());
    if (isLfs(file)) {
      String sha = sha256(content);
      exchange.getResponseHeaders().set("X-Linked-Etag", "\"" + sha + "\"");
      exchange.getResponseHeaders().set("X-Linked-Size", Long.toString(content.length));
      exchange.getResponseHeaders().set("ETag", "\"" + gitSha1(pointer(content)) + "\"");
      String location =
          cdn.base() + "/lfs/" + sha + "?Expires=1700000000&Signature=c2lnbmVk&Key-Pair-Id=K1";
      exchange.getResponseHeaders().set("Location", location);
      if (head) {
        exchange.sendResponseHeaders(302, -1);
        return;
      }
      FakeHttp.text(exchange, 302, "Found. Redirecting to " + location);
      return;
    }
    exchange.getResponseHeaders().set("ETag", "\"" + gitSha1(content) + "\"");
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    if (head) {
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(content.length));
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    hub.file(exchange, key, content);
  }

  private void handleCdn(HttpExchange exchange) throws IOException {
    cdn.count("all", 1);
    if (exchange.getRequestHeaders().containsKey("Authorization")) {
      cdnSawAuthorization = true;
    }
    String path = exchange.getRequestURI().getRawPath();
    String sha = path.startsWith("/lfs/") ? path.substring("/lfs/".length()) : "";
    String key = lfsKeys.get(sha);
    if (key == null) {
      FakeHttp.text(exchange, 403, "<Error><Code>AccessDenied</Code></Error>");
      return;
    }
    cdn.count("cdn:" + key, 1);
    exchange.getResponseHeaders().set("ETag", "\"" + sha + "\"");
    exchange.getResponseHeaders().set("Content-Type", "binary/octet-stream");
    cdn.file(exchange, key, lfsContent.get(sha));
  }

  /** The repository if the request may see it; otherwise the error is sent and null returned. */
  private Repo visibleRepo(HttpExchange exchange, String repoId) throws IOException {
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : null;
    if (auth != null && (token == null || !tokens.contains(token))) {
      error(exchange, 401, null, "Invalid credentials in Authorization header");
      return null;
    }
    Repo repo = repos.get(repoId);
    boolean allowed = repo != null && repo.token().map(t -> t.equals(token)).orElse(true);
    if (!allowed) {
      // The Hub does not reveal private repositories: 401 without a token, 404 with one.
      error(
          exchange,
          token == null ? 401 : 404,
          "RepoNotFound",
          "Repository Not Found for url: " + exchange.getRequestURI() + ".");
      return null;
    }
    return repo;
  }

  private static boolean revisionOk(HttpExchange exchange, Repo repo, String revision)
      throws IOException {
    if (revision.equals("main") || revision.equals(repo.commit())) {
      return true;
    }
    error(exchange, 404, "RevisionNotFound", "Invalid rev id: " + revision);
    return false;
  }

  private static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    if (code != null) {
      exchange.getResponseHeaders().set("X-Error-Code", code);
    }
    exchange.getResponseHeaders().set("X-Error-Message", message);
    JsonObject body = new JsonObject();
    body.addProperty("error", message);
    FakeHttp.json(exchange, status, body.toString());
  }

  private static String errorCode(int status) {
    return switch (status) {
      case 401 -> "RepoNotFound";
      case 403 -> "GatedRepo";
      case 404 -> "EntryNotFound";
      default -> null;
    };
  }

  static boolean isLfs(String path) {
    return LFS_SUFFIXES.stream().anyMatch(path::endsWith);
  }

  private static byte[] pointer(byte[] content) {
    return ("version https://git-lfs.github.com/spec/v1\noid sha256:"
            + sha256(content)
            + "\nsize "
            + content.length
            + "\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** The git blob SHA-1 of {@code content}: {@code sha1("blob " + size + "\0" + content)}. */
  public static String gitSha1(byte[] content) {
    MessageDigest sha1 = digest("SHA-1");
    sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
    return HexFormat.of().formatHex(sha1.digest(content));
  }

  /** The SHA-256 of {@code content}, lower-case hex. */
  public static String sha256(byte[] content) {
    return HexFormat.of().formatHex(digest("SHA-256").digest(content));
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Files of a repository, for tests that compare. */
  public Map<String, byte[]> files(String repo) {
    return new LinkedHashMap<>(repos.get(repo).files());
  }

  /** The paths of a repository's files, sorted. */
  public List<String> paths(String repo) {
    return List.copyOf(new TreeMap<>(repos.get(repo).files()).keySet());
  }
}
