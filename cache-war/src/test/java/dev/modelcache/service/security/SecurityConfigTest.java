package dev.modelcache.service.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecurityConfigTest {
  private static final String KEY = "app:predict:0123456789abcdef";

  private static SecurityConfig read(String... nameValues) {
    Map<String, String> settings = new HashMap<>();
    for (int i = 0; i < nameValues.length; i += 2) {
      settings.put(nameValues[i], nameValues[i + 1]);
    }
    return SecurityConfig.read(name -> Optional.ofNullable(settings.get(name)));
  }

  @Test
  void authenticationIsOnByDefaultAndAServiceWithoutKeysDoesNotStart() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> read());

    assertTrue(e.getMessage().contains("MODEL_CACHE_API_KEYS"), e.getMessage());
    assertTrue(e.getMessage().contains("MODEL_CACHE_API_KEYS_FILE"), e.getMessage());
    assertTrue(e.getMessage().contains("MODEL_CACHE_AUTH=disabled"), e.getMessage());
  }

  @Test
  void theDefaultsWithOneKey() {
    SecurityConfig config = read("MODEL_CACHE_API_KEYS", KEY);

    assertTrue(config.authEnabled());
    assertEquals(List.of("app"), config.keys().all().stream().map(ApiKey::id).toList());
    assertTrue(config.publicHealth(), "probes need no key by default");
    assertFalse(config.publicMetrics(), "metrics name the models: protected by default");
    assertEquals(0, config.ratePerSecond());
    assertEquals(1, config.rateBurst());
    assertEquals(128, config.maxConcurrentRequests());
    assertEquals(Optional.empty(), config.auditLog());
  }

  @Test
  void disabledNeedsNoKeyAndSaysSoInItsDescription() {
    SecurityConfig config = read("MODEL_CACHE_AUTH", "Disabled");

    assertFalse(config.authEnabled());
    assertTrue(config.describe().startsWith("auth=DISABLED "), config.describe());
  }

  @Test
  void keysFromTheFileAndTheSettingAreBothUsed(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("keys");
    Files.writeString(
        file, "# service keys\nops admin " + ApiKeyParserTest.hashed("x".repeat(20)) + "\n");

    SecurityConfig config =
        read("MODEL_CACHE_API_KEYS", KEY, "MODEL_CACHE_API_KEYS_FILE", file.toString());

    assertEquals(List.of("app", "ops"), config.keys().all().stream().map(ApiKey::id).toList());
    assertEquals(Optional.of(file), config.keysFile());
  }

  @Test
  void aMissingKeyFileFailsNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope");

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> read("MODEL_CACHE_API_KEYS_FILE", missing.toString()));

    assertTrue(e.getMessage().contains("MODEL_CACHE_API_KEYS_FILE " + missing), e.getMessage());
  }

  @Test
  void theDescriptionNamesKeysAndRolesButNoSecret() {
    SecurityConfig config =
        read(
            "MODEL_CACHE_API_KEYS", KEY + ",ops:admin+predict:fedcba9876543210",
            "MODEL_CACHE_RATE_LIMIT", "2.5",
            "MODEL_CACHE_AUDIT_LOG", "/var/log/audit.log");

    String text = config.describe();

    assertTrue(text.contains("keys=[app[predict],ops[admin, predict]]"), text);
    assertTrue(text.contains("rate_limit=2.5/s burst=3"), text);
    assertTrue(text.contains("audit_log=/var/log/audit.log"), text);
    assertFalse(text.contains("0123456789abcdef"), text);
    assertFalse(text.contains("fedcba9876543210"), text);
  }

  @ParameterizedTest
  @CsvSource({
    "MODEL_CACHE_AUTH, off",
    "MODEL_CACHE_PUBLIC_HEALTH, yes",
    "MODEL_CACHE_PUBLIC_METRICS, 1",
    "MODEL_CACHE_RATE_LIMIT, -1",
    "MODEL_CACHE_RATE_LIMIT, NaN",
    "MODEL_CACHE_RATE_LIMIT, 0.0001",
    "MODEL_CACHE_RATE_BURST, 0",
    "MODEL_CACHE_MAX_CONCURRENT_REQUESTS, -1",
    "MODEL_CACHE_MAX_CONCURRENT_REQUESTS, many"
  })
  void aMalformedValueFailsNamingTheSettingAndTheValue(String name, String value) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> read("MODEL_CACHE_API_KEYS", KEY, name, value));

    assertTrue(e.getMessage().startsWith(name + " must be"), e.getMessage());
    assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
  }
}
