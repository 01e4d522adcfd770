package dev.modelcache.service.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.service.settings.MicroProfileParts.Part;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which MicroProfile APIs a server offers, and the start-up line that says so. */
class MicroProfilePartsTest {

  /** A class loader that has everything the test class path has except the named packages. */
  private static ClassLoader without(String... packages) {
    return new ClassLoader(MicroProfilePartsTest.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        for (String hidden : packages) {
          if (name.startsWith(hidden)) {
            throw new ClassNotFoundException(name);
          }
        }
        return super.loadClass(name, resolve);
      }
    };
  }

  @Test
  void aServerWithEveryPartSaysSo() {
    MicroProfileParts parts = MicroProfileParts.detect(getClass().getClassLoader());

    assertEquals(EnumSet.allOf(Part.class), EnumSet.copyOf(parts.present()));
    assertEquals("MicroProfile Config, Metrics, Health and OpenAPI present", parts.describe());
  }

  @Test
  void aServerWithoutMicroProfileNamesEveryPartAbsentAndWhatTheServiceDoesInstead() {
    MicroProfileParts parts = MicroProfileParts.detect(without("org.eclipse.microprofile."));

    assertEquals(Set.of(), parts.present());
    assertEquals(
        "MicroProfile Config, Metrics, Health, OpenAPI absent: settings from system properties,"
            + " environment variables and META-INF/microprofile-config.properties; metrics only at"
            + " the service's own /metrics; health only at the service's own /health; no /openapi"
            + " document",
        parts.describe());
  }

  @Test
  void healthAndConfigWithoutMetricsAndOpenApi() {
    MicroProfileParts parts =
        MicroProfileParts.detect(
            without("org.eclipse.microprofile.metrics.", "org.eclipse.microprofile.openapi."));

    assertTrue(parts.has(Part.CONFIG));
    assertTrue(parts.has(Part.HEALTH));
    assertFalse(parts.has(Part.METRICS));
    assertEquals(
        "MicroProfile Metrics, OpenAPI absent (Config, Health present): metrics only at the"
            + " service's own /metrics; no /openapi document",
        parts.describe());
  }
}
