package dev.modelcache.service.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Settings where the server has no MicroProfile Config, read as MicroProfile Config's default
 * sources would: system properties (ordinal 400), environment variables (300, matched by the exact
 * name, then with every character that is not a letter or digit replaced by {@code _}, then that in
 * upper case), then the {@code META-INF/microprofile-config.properties} files (100) in the class
 * loader's order. System properties and the environment are read at each call, the files once.
 * Thread-safe.
 */
final class EnvironmentSettings implements Settings {
  static final String PACKAGED = "META-INF/microprofile-config.properties";

  private final Function<String, String> systemProperties;
  private final Map<String, String> environment;
  private final List<Properties> files;

  EnvironmentSettings(
      Function<String, String> systemProperties,
      Map<String, String> environment,
      List<Properties> files) {
    this.systemProperties = systemProperties;
    this.environment = environment;
    this.files = List.copyOf(files);
  }

  static EnvironmentSettings load(ClassLoader loader) {
    List<Properties> files = new ArrayList<>();
    try {
      for (URL url : Collections.list(loader.getResources(PACKAGED))) {
        Properties properties = new Properties();
        try (InputStream in = url.openStream()) {
          properties.load(in);
        }
        files.add(properties);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + PACKAGED, e);
    }
    return new EnvironmentSettings(System::getProperty, System.getenv(), files);
  }

  @Override
  public Optional<String> value(String name) {
    String value = systemProperties.apply(name);
    if (value == null) {
      value = fromEnvironment(name);
    }
    for (int i = 0; value == null && i < files.size(); i++) {
      value = files.get(i).getProperty(name);
    }
    // As MicroProfile Config 2.0 and later: an empty value is no value.
    return Optional.ofNullable(value).filter(v -> !v.isEmpty());
  }

  private String fromEnvironment(String name) {
    String value = environment.get(name);
    if (value == null) {
      String sanitised = name.replaceAll("[^A-Za-z0-9]", "_");
      value = environment.get(sanitised);
      if (value == null) {
        value = environment.get(sanitised.toUpperCase(Locale.ROOT));
      }
    }
    return value;
  }

  @Override
  public String toString() {
    return "system properties, environment variables, " + files.size() + " " + PACKAGED;
  }
}
