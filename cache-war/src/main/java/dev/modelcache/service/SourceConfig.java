package dev.modelcache.service;

import dev.modelcache.engine.model.hub.HubSettings;
import dev.modelcache.engine.model.mlflow.MlflowSettings;
import dev.modelcache.service.settings.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where models come from, read once at start-up under the environment variables' names that
 * Python's {@code huggingface_hub} and MLflow's client use, so one environment serves both. {@code
 * docs/sources.md} describes each source; {@code docs/configuration.md} lists the settings.
 *
 * <p>The service connects only to what the operator configured: the Hub is contacted when {@code
 * HF_ENDPOINT} is set or {@code MODEL_CACHE_HUB_DOWNLOAD=true} (then the public Hub), MLflow when
 * {@code MLFLOW_TRACKING_URI} is set. Without either, the Hugging Face cache is still read in
 * place.
 *
 * @param order the sources in the order they are asked, after the local folder: {@code hub} and
 *     {@code mlflow} ({@code MODEL_CACHE_SOURCES}, default {@code hub,mlflow})
 * @param hub the Hub source: its cache is always read; {@link HubSettings#offline()} unless
 *     downloads are configured
 * @param mlflow the MLflow registry, when {@code MLFLOW_TRACKING_URI} is set
 * @param missTtl how long a name a server does not have is remembered, so that asking again costs
 *     no request to that server ({@code MODEL_CACHE_SOURCE_MISS_TTL_S}, default 30 s; zero: never)
 */
public record SourceConfig(
    List<String> order, HubSettings hub, Optional<MlflowSettings> mlflow, Duration missTtl) {

  /** The source names {@code MODEL_CACHE_SOURCES} accepts. */
  public static final List<String> NAMES = List.of("hub", "mlflow");

  public SourceConfig {
    order = List.copyOf(order);
    if (missTtl.isNegative()) {
      throw new IllegalArgumentException("missTtl must be >= 0: " + missTtl);
    }
  }

  /** Reads the settings; a malformed value fails start-up with a message naming it. */
  public static SourceConfig from(Settings config) {
    boolean offline = flag(config, "HF_HUB_OFFLINE") || flag(config, "MODEL_CACHE_OFFLINE");
    Optional<String> endpoint = text(config, "HF_ENDPOINT");
    boolean download =
        !offline && (endpoint.isPresent() || flag(config, "MODEL_CACHE_HUB_DOWNLOAD"));
    Duration connect = seconds(config, "MODEL_CACHE_DOWNLOAD_CONNECT_TIMEOUT", 10);
    Duration read = seconds(config, "HF_HUB_DOWNLOAD_TIMEOUT", 60);
    long maxBytes = megabytes(config, "MODEL_CACHE_DOWNLOAD_MAX_MB", 4096);
    HubSettings hub =
        HubSettings.defaults(hubCache(config))
            .withEndpoint(endpoint.map(e -> uri("HF_ENDPOINT", e)).orElse(HubSettings.PUBLIC_HUB))
            .withToken(
                text(config, "HF_TOKEN")
                    .or(() -> text(config, "HUGGING_FACE_HUB_TOKEN"))
                    .orElse(null))
            .withOffline(!download)
            .withTimeouts(connect, read)
            .withMaxModelBytes(maxBytes)
            .withOnnxVariant(text(config, "MODEL_CACHE_ONNX_VARIANT").orElse(null));
    Optional<MlflowSettings> mlflow =
        text(config, "MLFLOW_TRACKING_URI")
            .map(
                tracking ->
                    MlflowSettings.defaults(
                            uri("MLFLOW_TRACKING_URI", tracking), mlflowCache(config))
                        .withToken(text(config, "MLFLOW_TRACKING_TOKEN").orElse(null))
                        .withBasicAuth(
                            text(config, "MLFLOW_TRACKING_USERNAME").orElse(null),
                            text(config, "MLFLOW_TRACKING_PASSWORD").orElse(""))
                        .withOffline(offline)
                        .withTimeouts(connect, read)
                        .withMaxModelBytes(maxBytes));
    long missTtl = number(config, "MODEL_CACHE_SOURCE_MISS_TTL_S", 30);
    if (missTtl < 0) {
      throw new IllegalArgumentException(
          "MODEL_CACHE_SOURCE_MISS_TTL_S must be 0 (off) or more seconds: " + missTtl);
    }
    return new SourceConfig(order(config), hub, mlflow, Duration.ofSeconds(missTtl));
  }

  /** Whether the Hub source may connect to its endpoint. */
  public boolean hubDownloads() {
    return !hub.offline();
  }

  private static List<String> order(Settings config) {
    List<String> order = new ArrayList<>();
    for (String name : text(config, "MODEL_CACHE_SOURCES").orElse("hub,mlflow").split(",")) {
      String source = name.trim().toLowerCase(Locale.ROOT);
      if (source.isEmpty()) {
        continue;
      }
      if (!NAMES.contains(source) || order.contains(source)) {
        throw new IllegalArgumentException(
            "MODEL_CACHE_SOURCES must list each of " + NAMES + " at most once: '" + name + "'");
      }
      order.add(source);
    }
    return order;
  }

  /**
   * The Hugging Face cache, as {@code huggingface_hub} finds it: {@code HUGGINGFACE_HUB_CACHE},
   * {@code HF_HUB_CACHE}, {@code HF_HOME/hub}, {@code XDG_CACHE_HOME/huggingface/hub}, else {@code
   * ~/.cache/huggingface/hub}.
   */
  static Path hubCache(Settings config) {
    return path(config, "HUGGINGFACE_HUB_CACHE")
        .or(() -> path(config, "HF_HUB_CACHE"))
        .or(() -> path(config, "HF_HOME").map(home -> home.resolve("hub")))
        .orElseGet(() -> userCache(config).resolve("huggingface").resolve("hub"));
  }

  /** {@code MODEL_CACHE_MLFLOW_CACHE}, else {@code XDG_CACHE_HOME/model-cache/mlflow}. */
  static Path mlflowCache(Settings config) {
    return path(config, "MODEL_CACHE_MLFLOW_CACHE")
        .orElseGet(() -> userCache(config).resolve("model-cache").resolve("mlflow"));
  }

  private static Path userCache(Settings config) {
    return path(config, "XDG_CACHE_HOME")
        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache"));
  }

  private static URI uri(String name, String value) {
    try {
      URI uri = URI.create(value.trim());
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("not http(s)");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          name + " must be an http(s) URL: '" + value + "' (" + e.getMessage() + ")", e);
    }
  }

  private static Optional<String> text(Settings config, String name) {
    return config.value(name).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static Optional<Path> path(Settings config, String name) {
    return text(config, name).map(Path::of);
  }

  private static boolean flag(Settings config, String name) {
    return text(config, name)
        .map(v -> v.equals("1") || v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes"))
        .orElse(false);
  }

  private static Duration seconds(Settings config, String name, int fallback) {
    long value = number(config, name, fallback);
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 second: " + value);
    }
    return Duration.ofSeconds(value);
  }

  private static long megabytes(Settings config, String name, int fallback) {
    long value = number(config, name, fallback);
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1 MB: " + value);
    }
    return value << 20;
  }

  private static long number(Settings config, String name, long fallback) {
    Optional<String> value = text(config, name);
    try {
      return value.isEmpty() ? fallback : Long.parseLong(value.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer: '" + value.get() + "'", e);
    }
  }
}
