package dev.modelcache.engine.model.hub;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Hub source reaches the Hub and where it keeps what it fetched.
 *
 * @param endpoint the Hub's base URL ({@code HF_ENDPOINT}); default {@link #PUBLIC_HUB}
 * @param token a user access token ({@code HF_TOKEN}) sent as {@code Authorization: Bearer} to the
 *     endpoint's host only; never logged, never in {@link #toString()}
 * @param cacheDir the {@code huggingface_hub} cache read and written ({@code HF_HUB_CACHE})
 * @param offline {@code HF_HUB_OFFLINE=1}: serve only what the cache holds, never connect
 * @param connectTimeout per connection
 * @param readTimeout per wait for any bytes of a response (headers or the next part of a body)
 * @param maxModelBytes the most bytes one model's selected files may total; larger is refused
 * @param onnxVariant an ONNX variant to prefer ({@code quantized}, or a path ending in {@code
 *     .onnx}); see {@link dev.modelcache.engine.model.GraphChoice}
 * @param userAgent the {@code User-Agent} header
 */
public record HubSettings(
    URI endpoint,
    Optional<String> token,
    Path cacheDir,
    boolean offline,
    Duration connectTimeout,
    Duration readTimeout,
    long maxModelBytes,
    Optional<String> onnxVariant,
    String userAgent) {

  /** The public Hub. */
  public static final URI PUBLIC_HUB = URI.create("https://huggingface.co");

  /** Default most bytes per model: 4 GiB. */
  public static final long DEFAULT_MAX_MODEL_BYTES = 4L << 30;

  /** The {@code User-Agent} sent unless another is set. */
  public static final String DEFAULT_USER_AGENT = "model-cache/0.1; java";

  public HubSettings {
    Objects.requireNonNull(endpoint, "endpoint");
    if (!"http".equals(endpoint.getScheme()) && !"https".equals(endpoint.getScheme())) {
      throw new IllegalArgumentException("endpoint must be an http(s) URL: " + endpoint);
    }
    if (endpoint.getHost() == null || endpoint.getRawQuery() != null) {
      throw new IllegalArgumentException("endpoint must have a host and no query: " + endpoint);
    }
    String text = endpoint.toString();
    endpoint = text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : endpoint;
    Objects.requireNonNull(token, "token");
    token.ifPresent(HubSettings::checkToken);
    cacheDir = cacheDir.toAbsolutePath().normalize();
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    if (maxModelBytes < 1) {
      throw new IllegalArgumentException("maxModelBytes must be >= 1: " + maxModelBytes);
    }
    Objects.requireNonNull(onnxVariant, "onnxVariant");
    Objects.requireNonNull(userAgent, "userAgent");
  }

  /**
   * The public Hub, no token, online, 10 s to connect, 60 s read timeout, 4 GiB per model, the
   * standard ONNX file.
   */
  public static HubSettings defaults(Path cacheDir) {
    return new HubSettings(
        PUBLIC_HUB,
        Optional.empty(),
        cacheDir,
        false,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        DEFAULT_MAX_MODEL_BYTES,
        Optional.empty(),
        DEFAULT_USER_AGENT);
  }

  public HubSettings withEndpoint(URI value) {
    return new HubSettings(
        value,
        token,
        cacheDir,
        offline,
        connectTimeout,
        readTimeout,
        maxModelBytes,
        onnxVariant,
        userAgent);
  }

  /** A copy with a token; an empty or blank token means none. */
  public HubSettings withToken(String value) {
    Optional<String> t = Optional.ofNullable(value).filter(text -> !text.isBlank());
    return new HubSettings(
        endpoint,
        t,
        cacheDir,
        offline,
        connectTimeout,
        readTimeout,
        maxModelBytes,
        onnxVariant,
        userAgent);
  }

  public HubSettings withOffline(boolean value) {
    return new HubSettings(
        endpoint,
        token,
        cacheDir,
        value,
        connectTimeout,
        readTimeout,
        maxModelBytes,
        onnxVariant,
        userAgent);
  }

  public HubSettings withTimeouts(Duration connect, Duration read) {
    return new HubSettings(
        endpoint, token, cacheDir, offline, connect, read, maxModelBytes, onnxVariant, userAgent);
  }

  public HubSettings withMaxModelBytes(long value) {
    return new HubSettings(
        endpoint,
        token,
        cacheDir,
        offline,
        connectTimeout,
        readTimeout,
        value,
        onnxVariant,
        userAgent);
  }

  /** A copy preferring an ONNX variant; null or blank means the standard file. */
  public HubSettings withOnnxVariant(String value) {
    Optional<String> v = Optional.ofNullable(value).filter(text -> !text.isBlank());
    return new HubSettings(
        endpoint,
        token,
        cacheDir,
        offline,
        connectTimeout,
        readTimeout,
        maxModelBytes,
        v,
        userAgent);
  }

  /** The settings with the token masked. */
  @Override
  public String toString() {
    return "HubSettings[endpoint="
        + endpoint
        + ", token="
        + (token.isPresent() ? "(set)" : "(none)")
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
        + ", onnxVariant="
        + onnxVariant.orElse("(standard)")
        + "]";
  }

  private static void checkToken(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        // The value itself is never echoed.
        throw new IllegalArgumentException(
            "HF_TOKEN contains a space, control or non-ASCII character at index " + i);
      }
    }
  }

  private static void requirePositive(Duration value, String name) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + value);
    }
  }
}
