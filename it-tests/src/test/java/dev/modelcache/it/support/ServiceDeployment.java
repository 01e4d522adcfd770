package dev.modelcache.it.support;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jboss.shrinkwrap.api.ArchivePath;
import org.jboss.shrinkwrap.api.Filters;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The service's real WAR, as {@code cache-war} built it, deployed at the context root with one test
 * class's settings.
 *
 * <p>Settings travel in the archive's own {@code META-INF/microprofile-config.properties} (ordinal
 * 100), so each test class configures its own deployment. The bundled default models are removed
 * (they make every deploy copy ~90 MB) and the service reads the test model repository instead,
 * {@link #modelRepository()}. The server inherits this JVM's environment, whose variables outrank
 * that file: a service setting found there fails the deployment with a message saying which.
 *
 * <p>Authentication is on by default in the service and needs keys; a test class that configures
 * none of {@code MODEL_CACHE_AUTH}, {@code MODEL_CACHE_API_KEYS} and {@code
 * MODEL_CACHE_API_KEYS_FILE} gets {@code MODEL_CACHE_AUTH=disabled}, so that scenarios about
 * something else call the service without keys. Every deployment gets {@code
 * MODEL_CACHE_STOP_GRACE_SECONDS=0} unless it sets it: no load balancer watches these servers, so
 * their stop after each class waits for no grace.
 */
public final class ServiceDeployment {
  /** Deployed as ROOT.war, the service lands at "/": the seed's clients call /predict there. */
  public static final String ARCHIVE_NAME = "ROOT.war";

  private static final String DEFAULT_MODELS = "/WEB-INF/classes/default-models";

  private static final List<String> SETTINGS =
      List.of(
          "MODEL_CACHE_MODEL_DIR",
          "MODEL_CACHE_MAX_MODELS",
          "MODEL_CACHE_MAX_MEMORY_MB",
          "MODEL_CACHE_PRELOAD",
          "MODEL_CACHE_EVICTION_POLICY",
          "MODEL_CACHE_ADMISSION",
          "MODEL_CACHE_REQUIRE_MANIFEST",
          "MAX_TEXT_LENGTH",
          "MAX_TEXT_BYTES",
          "MAX_BATCH_TEXTS",
          "MAX_BODY_BYTES",
          "MAX_NEW_TOKENS",
          "MAX_GENERATIONS",
          "MODEL_CACHE_AUTH",
          "MODEL_CACHE_API_KEYS",
          "MODEL_CACHE_API_KEYS_FILE",
          "MODEL_CACHE_PUBLIC_HEALTH",
          "MODEL_CACHE_PUBLIC_METRICS",
          "MODEL_CACHE_RATE_LIMIT",
          "MODEL_CACHE_RATE_BURST",
          "MODEL_CACHE_MAX_CONCURRENT_REQUESTS",
          "MODEL_CACHE_AUDIT_LOG",
          "ENABLE_METRICS",
          "HUGGINGFACE_HUB_CACHE",
          "HF_HUB_CACHE",
          "HF_HOME",
          "HF_ENDPOINT",
          "HF_TOKEN",
          "HF_HUB_OFFLINE",
          "MODEL_CACHE_SOURCES",
          "MLFLOW_TRACKING_URI",
          "MLFLOW_TRACKING_TOKEN",
          "MLFLOW_TRACKING_USERNAME",
          "MLFLOW_TRACKING_PASSWORD",
          "MODEL_CACHE_STOP_GRACE_SECONDS",
          "MODEL_CACHE_DRAIN_SECONDS");

  private static final List<String> AUTH_SETTINGS =
      List.of("MODEL_CACHE_AUTH", "MODEL_CACHE_API_KEYS", "MODEL_CACHE_API_KEYS_FILE");

  private ServiceDeployment() {}

  /**
   * The service with its default settings, reading the test model repository; authentication off.
   */
  public static WebArchive withDefaults() {
    return with(Map.of());
  }

  /**
   * The service with these settings on top of the test model repository.
   *
   * @param settings MicroProfile Config names (the environment variables' names) and values
   */
  public static WebArchive with(Map<String, String> settings) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("MODEL_CACHE_MODEL_DIR", modelRepository().toString());
    if (AUTH_SETTINGS.stream().noneMatch(settings::containsKey)) {
      all.put("MODEL_CACHE_AUTH", "disabled");
    }
    // No load balancer watches these servers: the stop after each class needs no grace.
    all.put("MODEL_CACHE_STOP_GRACE_SECONDS", "0");
    all.putAll(settings);
    for (String name : SETTINGS) {
      if (System.getenv(name) != null) {
        throw new IllegalStateException(
            "the environment sets "
                + name
                + ", which would reach every deployment and outrank each test class's own"
                + " settings; unset it to run these tests");
      }
    }
    WebArchive war =
        ShrinkWrap.create(ZipImporter.class, ARCHIVE_NAME)
            .importFrom(existing("modelcache.war", "the service's WAR").toFile())
            .as(WebArchive.class);
    deleteTree(war, DEFAULT_MODELS);
    // The service packages defaults of its own in this file (the OpenAPI filter): keep them.
    String packaged = packagedConfig(war);
    war.delete(PACKAGED_CONFIG);
    return war.addAsResource(
        new StringAsset(packaged + "\n" + properties(all)),
        "META-INF/microprofile-config.properties");
  }

  private static final String PACKAGED_CONFIG =
      "/WEB-INF/classes/META-INF/microprofile-config.properties";

  private static String packagedConfig(WebArchive war) {
    org.jboss.shrinkwrap.api.Node node = war.get(PACKAGED_CONFIG);
    if (node == null || node.getAsset() == null) {
      return "";
    }
    try (java.io.InputStream in = node.getAsset().openStream()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The test model repository that the it-tests build assembles in {@code target/it-models}: the
   * tiny fixtures ({@code tiny-a}..{@code tiny-e}, {@code tiny-embed}), {@code spam-detector}, the
   * seed's names {@code bert-base-uncased} and {@code roberta-base}, {@code acme/tiny-classifier},
   * {@code broken/corrupt-model}, and the model families {@code families/enc-*} (DistilBERT,
   * RoBERTa, DeBERTa-v3, GPT-2, BART classifiers; BERT, RoBERTa, T5, GPT-2 embedding models).
   */
  public static Path modelRepository() {
    return existing("modelcache.itModels", "the test model repository");
  }

  private static Path existing(String property, String what) {
    String value = System.getProperty(property);
    if (value == null || !Files.exists(Path.of(value))) {
      throw new IllegalStateException(
          what
              + " is missing (system property "
              + property
              + " = "
              + value
              + "); build it first: ./mvnw -B install -DskipTests -pl cache-api,cache-engine,"
              + "cache-war, then run this module through Maven (./mvnw -B verify -pl it-tests)");
    }
    return Path.of(value);
  }

  /** ShrinkWrap's delete drops a folder's children but not deeper entries: delete bottom-up. */
  private static void deleteTree(WebArchive war, String folder) {
    war.getContent(Filters.include("^" + folder + "(/.*)?$")).keySet().stream()
        .map(ArchivePath::get)
        .sorted(Comparator.comparingInt(String::length).reversed())
        .forEach(war::delete);
  }

  private static String properties(Map<String, String> settings) {
    Properties properties = new Properties();
    properties.putAll(settings);
    StringWriter out = new StringWriter();
    try {
      properties.store(out, "this test class's settings");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
