package dev.modelcache.service.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code MODEL_CACHE_STOP_GRACE_SECONDS} and {@code MODEL_CACHE_DRAIN_SECONDS}. */
class StopSettingsTest {

  /** Settings that hold exactly {@code nameValues}. */
  private static StopSettings read(String... nameValues) {
    Map<String, String> values = new HashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      values.put(nameValues[i], nameValues[i + 1]);
    }
    return StopSettings.from(name -> Optional.ofNullable(values.get(name)));
  }

  @Test
  void theDefaultsAreAFiveSecondGraceAndATwentySecondDrain() {
    assertEquals(new StopSettings(Duration.ofSeconds(5), Duration.ofSeconds(20)), read());
  }

  @Test
  void zeroIsAllowedForBoth() {
    assertEquals(
        new StopSettings(Duration.ZERO, Duration.ZERO),
        read("MODEL_CACHE_STOP_GRACE_SECONDS", "0", "MODEL_CACHE_DRAIN_SECONDS", " 0 "));
  }

  @Test
  void aNegativeOrMalformedValueFailsStartUpNamingTheSetting() {
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> read("MODEL_CACHE_DRAIN_SECONDS", "-1"));
    IllegalArgumentException malformed =
        assertThrows(
            IllegalArgumentException.class, () -> read("MODEL_CACHE_STOP_GRACE_SECONDS", "5s"));

    assertEquals("MODEL_CACHE_DRAIN_SECONDS must be >= 0: -1", negative.getMessage());
    assertEquals(
        "MODEL_CACHE_STOP_GRACE_SECONDS must be a whole number of seconds: '5s'",
        malformed.getMessage());
  }
}
