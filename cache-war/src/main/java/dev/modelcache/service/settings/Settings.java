package dev.modelcache.service.settings;

import java.util.Map;
import java.util.Optional;

/**
 * The service's settings, looked up by their environment variable's name ({@code
 * MODEL_CACHE_MAX_MODELS}). The one way the service reads configuration: {@code ServiceConfig},
 * {@code SourceConfig} and {@code SecurityConfig} take one, and a new setting is read through it
 * ({@code @Inject Settings settings; settings.value("MY_SETTING")}).
 *
 * <p>On a server with MicroProfile Config the values come from it (system properties, environment
 * variables, {@code microprofile-config.properties} and whatever sources the server adds); without
 * it, from the same three in the same order ({@link #fromEnvironment}). Implementations are
 * immutable and thread-safe.
 */
public interface Settings {

  /**
   * A setting's value as written, not trimmed.
   *
   * @param name the environment variable's name
   * @return the value, or empty when no source sets it
   */
  Optional<String> value(String name);

  /** Fixed values, for tests. */
  static Settings of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return name -> Optional.ofNullable(copy.get(name));
  }

  /**
   * Without MicroProfile Config: system properties, then environment variables, then every {@code
   * META-INF/microprofile-config.properties} the class loader finds (the WAR's packaged defaults),
   * the order and the environment-variable name rules MicroProfile Config has by default.
   */
  static Settings fromEnvironment(ClassLoader loader) {
    return EnvironmentSettings.load(loader);
  }
}
