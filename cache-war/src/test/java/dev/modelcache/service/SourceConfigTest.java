package dev.modelcache.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.service.settings.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code MODEL_CACHE_SOURCE_MISS_TTL_S}: its default, zero for off, and what start-up refuses. */
class SourceConfigTest {

  /** A configuration that holds exactly {@code nameValues}. */
  private static SourceConfig read(String... nameValues) {
    Map<String, String> values = new HashMap<>();
    values.put("HF_HUB_CACHE", "/tmp/hub-cache-for-source-config-test");
    for (int i = 0; i < nameValues.length; i += 2) {
      values.put(nameValues[i], nameValues[i + 1]);
    }
    return SourceConfig.from(Settings.of(values));
  }

  @Test
  void missesAreRememberedForThirtySecondsByDefault() {
    assertEquals(Duration.ofSeconds(30), read().missTtl());
  }

  @Test
  void zeroTurnsItOff() {
    assertEquals(Duration.ZERO, read("MODEL_CACHE_SOURCE_MISS_TTL_S", "0").missTtl());
    assertEquals(Duration.ofMinutes(5), read("MODEL_CACHE_SOURCE_MISS_TTL_S", "300").missTtl());
  }

  @Test
  void aNegativeOrNonNumericValueStopsStartUpNamingTheSetting() {
    for (String bad : new String[] {"-1", "ten"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> read("MODEL_CACHE_SOURCE_MISS_TTL_S", bad));
      assertTrue(e.getMessage().contains("MODEL_CACHE_SOURCE_MISS_TTL_S"), e.getMessage());
    }
  }
}
