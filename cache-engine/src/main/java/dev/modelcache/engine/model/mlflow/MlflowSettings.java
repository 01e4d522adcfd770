package dev.modelcache.engine.model.mlflow;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How the MLflow source reaches the tracking server and where it keeps what it fetched.
 *
 * @param trackingUri the tracking server ({@code MLFLOW_TRACKING_URI}), http(s)
 * @param token a bearer token ({@code MLFLOW_TRACKING_TOKEN}); never logged
 * @param username basic-auth user ({@code MLFLOW_TRACKING_USERNAME}); with {@code password} it
 *     takes precedence over the token, as in MLflow's own client
 * @param password basic-auth password ({@code MLFLOW_TRACKING_PASSWORD}); never logged
 * @param cacheDir where versions are kept, as {@code {cacheDir}/{name}/{version}/}
 * @param offline never connect: serve cached versions, and aliases as last resolved
 * @param connectTimeout per connection
 * @param readTimeout per wait for any bytes of a response
 * @param maxModelBytes the most bytes one version's downloaded files may total
 * @param userAgent the {@code User-Agent} header
 */
public record MlflowSettings(
    URI trackingUri,
    Optional<String> token,
    Optional<String> username,
    Optional<String> password,
    Path cacheDir,
    boolean offline,
    Duration connectTimeout,
    Duration readTimeout,
    long maxModelBytes,
    String userAgent) {

  /** Default most bytes per model version: 4 GiB. */
  public static final long DEFAULT_MAX_MODEL_BYTES = 4L << 30;

  public MlflowSettings {
    Objects.requireNonNull(trackingUri, "trackingUri");
    if (!"http".equals(trackingUri.getScheme()) && !"https".equals(trackingUri.getScheme())) {
      throw new IllegalArgumentException(
          "MLFLOW_TRACKING_URI must be an http(s) URL of a tracking server: " + trackingUri);
    }
    if (trackingUri.getHost() == null || trackingUri.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "MLFLOW_TRACKING_URI must have a host and no query: " + trackingUri);
    }
    String text = trackingUri.toString();
    trackingUri =
        text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : trackingUri;
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    token.ifPresent(t -> checkCredential(t, "MLFLOW_TRACKING_TOKEN"));
    username.ifPresent(u -> checkCredential(u, "MLFLOW_TRACKING_USERNAME"));
    if (username.isPresent() != password.isPresent()) {
      throw new IllegalArgumentException(
          "set both MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, or neither");
    }
    cacheDir = cacheDir.toAbsolutePath().normalize();
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    if (maxModelBytes < 1) {
      throw new IllegalArgumentException("maxModelBytes must be >= 1: " + maxModelBytes);
    }
    Objects.requireNonNull(userAgent, "userAgent");
  }

  /** No credentials, online, 10 s to connect, 60 s read timeout, 4 GiB per version. */
  public static MlflowSettings defaults(URI trackingUri, Path cacheDir) {
    return new MlflowSettings(
        trackingUri,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        cacheDir,
        false,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        DEFAULT_MAX_MODEL_BYTES,
        "model-cache/0.1; java");
  }

  /** A copy with a bearer token; null or blank means none. */
  public MlflowSettings withToken(String value) {
    Optional<String> t = Optional.ofNullable(value).filter(text -> !text.isBlank());
    return new MlflowSettings(
        trackingUri,
        t,
        username,
        password,
        cacheDir,
        offline,
        connectTimeout,
        readTimeout,
        maxModelBytes,
        userAgent);
  }

  /** A copy with basic-auth credentials; null or blank user means none. */
  public MlflowSettings withBasicAuth(String user, String secret) {
    boolean none = user == null || user.isBlank();
    return new MlflowSettings(
        trackingUri,
        token,
        none ? Optional.empty() : Optional.of(user),
        none ? Optional.empty() : Optional.of(Objects.requireNonNull(secret, "password")),
        cacheDir,
        offline,
        connectTimeout,
        readTimeout,
        maxModelBytes,
        userAgent);
  }

  public MlflowSettings withOffline(boolean value) {
    return new MlflowSettings(
        trackingUri,
        token,
        username,
        password,
        cacheDir,
        value,
        connectTimeout,
        readTimeout,
        maxModelBytes,
        userAgent);
  }

  public MlflowSettings withTimeouts(Duration connect, Duration read) {
    return new MlflowSettings(
        trackingUri,
        token,
        username,
        password,
        cacheDir,
        offline,
        connect,
        read,
        maxModelBytes,
        userAgent);
  }

  public MlflowSettings withMaxModelBytes(long value) {
    return new MlflowSettings(
        trackingUri,
        token,
        username,
        password,
        cacheDir,
        offline,
        connectTimeout,
        readTimeout,
        value,
        userAgent);
  }

  /** The {@code Authorization} header: Basic if a user is set, else Bearer if a token is. */
  public Optional<String> authorization() {
    if (username.isPresent()) {
      String pair = username.get() + ":" + password.orElse("");
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return token.map(t -> "Bearer " + t);
  }

  /** The settings with credentials masked. */
  @Override
  public String toString() {
    return "MlflowSettings[trackingUri="
        + trackingUri
        + ", auth="
        + (username.isPresent() ? "basic (set)" : token.isPresent() ? "token (set)" : "(none)")
        + ", cacheDir="
        + cacheDir
        + ", offline="
        + offline
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", maxModelBytes="
        + maxModelBytes
        + "]";
  }

  private static void checkCredential(String value, String name) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new IllegalArgumentException(name + " contains a control character at index " + i);
      }
    }
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
