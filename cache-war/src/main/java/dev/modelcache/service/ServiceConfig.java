package dev.modelcache.service;

import dev.modelcache.api.ModelId;
import dev.modelcache.engine.batching.BatchingOptions;
import dev.modelcache.engine.batching.QuantizedBatching;
import dev.modelcache.engine.cache.AdmissionRule;
import dev.modelcache.engine.cache.EvictionPolicy;
import dev.modelcache.engine.generation.GenerationOptions;
import dev.modelcache.engine.inference.Device;
import dev.modelcache.engine.inference.InferenceOptions;
import dev.modelcache.engine.integrity.ModelIntegrity;
import dev.modelcache.service.settings.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting of the service, read once at start-up through {@link Settings} (MicroProfile Config
 * where the server has it: environment variables, system properties, {@code
 * microprofile-config.properties}) under the environment variable's own name. {@code
 * docs/configuration.md} lists them with defaults and effects.
 *
 * @param maxModels {@code MODEL_CACHE_MAX_MODELS}, default 5
 * @param maxMemoryMb {@code MODEL_CACHE_MAX_MEMORY_MB}, default 2048
 * @param modelDir {@code MODEL_CACHE_MODEL_DIR}: a folder of models; empty = the bundled defaults
 * @param sources the sources asked after {@code modelDir}: the Hugging Face Hub and its cache, an
 *     MLflow registry ({@link SourceConfig})
 * @param preload {@code MODEL_CACHE_PRELOAD}: names loaded (and pinned) at start-up
 * @param inference {@code MAX_SEQUENCE_LENGTH} (512), {@code BATCH_SIZE} (32), {@code
 *     INFERENCE_THREADS} (0 = ONNX Runtime's choice)
 * @param inferenceTimeout {@code INFERENCE_TIMEOUT} in seconds (30): the longest a request may
 *     take, model load, queueing and run included; enforced by the batcher
 * @param metricsEnabled {@code ENABLE_METRICS}, default true
 * @param maxTextChars {@code MAX_TEXT_LENGTH}: longest accepted text in characters (Unicode code
 *     points), default 100000
 * @param maxTextBytes {@code MAX_TEXT_BYTES}: longest accepted text in UTF-8 bytes; default four
 *     times {@code MAX_TEXT_LENGTH}, so that the character limit is the one that binds
 * @param maxBatchTexts {@code MAX_BATCH_TEXTS}: most texts in one batch request (256)
 * @param maxBodyBytes {@code MAX_BODY_BYTES}: largest accepted request body in bytes (1 MiB)
 * @param policy {@code MODEL_CACHE_EVICTION_POLICY}: lru (default), lfu or cost-aware
 * @param admission {@code MODEL_CACHE_ADMISSION}: admit (default), thrash-guard or
 *     thrash-guard-refuse
 * @param batching {@code BATCH_SIZE}, {@code BATCH_DELAY_MS} (0), {@code MAX_QUEUE_TEXTS} (0 = 4
 *     batches per runner), {@code INFERENCE_RUNNERS} (0 = cores ÷ intra-op threads), {@code
 *     INFERENCE_TIMEOUT}, {@code BATCH_QUANTIZED} (false, true or model names)
 * @param responseCacheMb {@code RESPONSE_CACHE_MB}: bound of the response cache in MiB (64); 0
 *     turns it off
 * @param integrity {@code MODEL_CACHE_REQUIRE_MANIFEST}: false (default) checks a model folder's
 *     {@code SHA256SUMS} where it has one; true also refuses folders without one
 * @param device {@code INFERENCE_DEVICE}: auto (default), cpu, cuda or cuda:N
 * @param maxGpuMemoryMb {@code MODEL_CACHE_MAX_GPU_MEMORY_MB}: the device-memory budget of models
 *     on a CUDA device; 0 (default) = the device's free memory at start-up
 * @param generation {@code MAX_NEW_TOKENS} (256), {@code MAX_GENERATIONS} (0 = 4 per runner); steps
 *     run on {@code INFERENCE_RUNNERS} slots within {@code INFERENCE_TIMEOUT}
 */
public record ServiceConfig(
    int maxModels,
    long maxMemoryMb,
    Optional<Path> modelDir,
    SourceConfig sources,
    List<ModelId> preload,
    InferenceOptions inference,
    Duration inferenceTimeout,
    boolean metricsEnabled,
    int maxTextChars,
    int maxTextBytes,
    int maxBatchTexts,
    long maxBodyBytes,
    EvictionPolicy policy,
    AdmissionRule admission,
    BatchingOptions batching,
    long responseCacheMb,
    ModelIntegrity integrity,
    Device device,
    long maxGpuMemoryMb,
    GenerationOptions generation) {

  /** Reads every setting; a malformed value fails start-up with a message naming it. */
  public static ServiceConfig from(Settings config) {
    InferenceOptions inference =
        InferenceOptions.DEFAULTS
            .withMaxSequenceLength(intValue(config, "MAX_SEQUENCE_LENGTH", 512))
            .withBatchSize(intValue(config, "BATCH_SIZE", 32))
            .withIntraOpThreads(intValue(config, "INFERENCE_THREADS", 0));
    List<ModelId> preload = new ArrayList<>();
    for (String name : config.value("MODEL_CACHE_PRELOAD").orElse("").split(",")) {
      if (!name.isBlank()) {
        preload.add(ModelId.of(name.trim()));
      }
    }
    int maxTextChars = positive(config, "MAX_TEXT_LENGTH", 100_000);
    Duration timeout = Duration.ofSeconds(intValue(config, "INFERENCE_TIMEOUT", 30));
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("INFERENCE_TIMEOUT must be >= 1 second: " + timeout);
    }
    int runners = intValue(config, "INFERENCE_RUNNERS", 0);
    if (runners <= 0) {
      runners = BatchingOptions.runnersFor(inference.intraOpThreads());
    }
    int queue = intValue(config, "MAX_QUEUE_TEXTS", 0);
    BatchingOptions batching =
        BatchingOptions.defaults(inference.intraOpThreads())
            .withBatchSize(inference.batchSize())
            .withRunners(runners)
            .withMaxQueueTexts(queue > 0 ? queue : 4 * inference.batchSize() * runners)
            .withMaxDelay(Duration.ofMillis(intValue(config, "BATCH_DELAY_MS", 0)))
            .withTimeout(timeout)
            .withQuantized(QuantizedBatching.parse(string(config, "BATCH_QUANTIZED", "false")));
    int responseCacheMb = intValue(config, "RESPONSE_CACHE_MB", 64);
    if (responseCacheMb < 0) {
      throw new IllegalArgumentException("RESPONSE_CACHE_MB must be >= 0: " + responseCacheMb);
    }
    GenerationOptions generation =
        GenerationOptions.of(positive(config, "MAX_NEW_TOKENS", 256), runners, timeout);
    int generations = intValue(config, "MAX_GENERATIONS", 0);
    if (generations < 0) {
      throw new IllegalArgumentException("MAX_GENERATIONS must be >= 0: " + generations);
    }
    if (generations > 0) {
      generation = generation.withMaxGenerations(generations);
    }
    return new ServiceConfig(
        intValue(config, "MODEL_CACHE_MAX_MODELS", 5),
        intValue(config, "MODEL_CACHE_MAX_MEMORY_MB", 2048),
        path(config, "MODEL_CACHE_MODEL_DIR"),
        SourceConfig.from(config),
        List.copyOf(preload),
        inference,
        timeout,
        flag(config, "ENABLE_METRICS", true),
        maxTextChars,
        positive(config, "MAX_TEXT_BYTES", (int) Math.min(Integer.MAX_VALUE, 4L * maxTextChars)),
        positive(config, "MAX_BATCH_TEXTS", 256),
        positive(config, "MAX_BODY_BYTES", 1024 * 1024),
        EvictionPolicy.named(string(config, "MODEL_CACHE_EVICTION_POLICY", "lru")),
        admission(string(config, "MODEL_CACHE_ADMISSION", "admit")),
        batching,
        responseCacheMb,
        ModelIntegrity.of(booleanValue(config, "MODEL_CACHE_REQUIRE_MANIFEST", false)),
        Device.parse(string(config, "INFERENCE_DEVICE", "auto")),
        atLeastZero(config, "MODEL_CACHE_MAX_GPU_MEMORY_MB"),
        generation);
  }

  private static AdmissionRule admission(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "admit" -> AdmissionRule.admitAll();
      case "thrash-guard" -> AdmissionRule.thrashGuard(Duration.ofSeconds(30), false, 0);
      case "thrash-guard-refuse" -> AdmissionRule.thrashGuard(Duration.ofSeconds(30), true, 3);
      default ->
          throw new IllegalArgumentException(
              "MODEL_CACHE_ADMISSION must be admit, thrash-guard or thrash-guard-refuse: " + name);
    };
  }

  private static Optional<Path> path(Settings config, String name) {
    return config.value(name).filter(v -> !v.isBlank()).map(Path::of);
  }

  private static String string(Settings config, String name, String fallback) {
    return config.value(name).filter(v -> !v.isBlank()).orElse(fallback);
  }

  private static int atLeastZero(Settings config, String name) {
    int value = intValue(config, name, 0);
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0: " + value);
    }
    return value;
  }

  private static int positive(Settings config, String name, int fallback) {
    int value = intValue(config, name, fallback);
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1: " + value);
    }
    return value;
  }

  /** Only true or false: a security switch must not read a typo as false. */
  private static boolean booleanValue(Settings config, String name, boolean fallback) {
    String value = string(config, name, String.valueOf(fallback)).trim();
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(name + " must be true or false: '" + value + "'");
  }

  /**
   * MicroProfile Config's reading of a boolean, kept where the server has no MicroProfile Config:
   * true, 1, yes, y and on (any case) are true, anything else false.
   */
  private static boolean flag(Settings config, String name, boolean fallback) {
    return config
        .value(name)
        .map(String::trim)
        .filter(v -> !v.isEmpty())
        .map(v -> List.of("true", "1", "yes", "y", "on").contains(v.toLowerCase(Locale.ROOT)))
        .orElse(fallback);
  }

  private static int intValue(Settings config, String name, int fallback) {
    String value = config.value(name).orElse(null);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer: '" + value + "'", e);
    }
  }
}
