package dev.modelcache.service.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings of a server without MicroProfile Config: MicroProfile Config's default order. */
class EnvironmentSettingsTest {

  private static Properties file(String... nameValues) {
    Properties properties = new Properties();
    for (int i = 0; i < nameValues.length; i += 2) {
      properties.setProperty(nameValues[i], nameValues[i + 1]);
    }
    return properties;
  }

  @Test
  void systemPropertiesOutrankTheEnvironmentWhichOutranksThePackagedFile() {
    Map<String, String> properties = Map.of("MODEL_CACHE_MAX_MODELS", "7");
    EnvironmentSettings settings =
        new EnvironmentSettings(
            properties::get,
            Map.of("MODEL_CACHE_MAX_MODELS", "6", "MODEL_CACHE_MAX_MEMORY_MB", "512"),
            List.of(
                file(
                    "MODEL_CACHE_MAX_MODELS", "5",
                    "MODEL_CACHE_MAX_MEMORY_MB", "256",
                    "MODEL_CACHE_PRELOAD", "spam-detector")));

    assertEquals(Optional.of("7"), settings.value("MODEL_CACHE_MAX_MODELS"));
    assertEquals(Optional.of("512"), settings.value("MODEL_CACHE_MAX_MEMORY_MB"));
    assertEquals(Optional.of("spam-detector"), settings.value("MODEL_CACHE_PRELOAD"));
    assertEquals(Optional.empty(), settings.value("MODEL_CACHE_AUTH"));
  }

  @Test
  void theEnvironmentIsMatchedAsMicroProfileConfigMatchesIt() {
    EnvironmentSettings settings =
        new EnvironmentSettings(
            name -> null, Map.of("MP_OPENAPI_FILTER", "x", "a_b", "lower"), List.of());

    assertEquals(Optional.of("x"), settings.value("mp.openapi.filter"));
    assertEquals(Optional.of("lower"), settings.value("a.b"));
  }

  @Test
  void anEmptyValueIsNoValueAndHidesNothingBelowIt() {
    EnvironmentSettings settings =
        new EnvironmentSettings(
            name -> "", Map.of("HF_ENDPOINT", ""), List.of(file("HF_ENDPOINT", "")));

    assertEquals(Optional.empty(), settings.value("HF_ENDPOINT"));
  }

  @Test
  void thePackagedFilesAreReadFromTheClassLoader(@TempDir Path dir) throws IOException {
    Path meta = Files.createDirectories(dir.resolve("META-INF"));
    Files.writeString(
        meta.resolve("microprofile-config.properties"),
        "# packaged\nENVIRONMENT_SETTINGS_TEST_ONLY=from-the-file\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      Settings settings = Settings.fromEnvironment(loader);

      assertEquals(Optional.of("from-the-file"), settings.value("ENVIRONMENT_SETTINGS_TEST_ONLY"));
      assertTrue(settings.toString().contains("1 META-INF/microprofile-config.properties"));
    }
  }
}
