package dev.modelcache.service.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyParserTest {
  static final String SECRET = "s3cret-0123456789abcdef";
  static final String OTHER = "other-0123456789abcdef";

  static String hashed(String secret) {
    return "sha256:" + HexFormat.of().formatHex(Digests.sha256(secret));
  }

  @Test
  void inlineEntriesGiveIdsRolesAndMatchTheirSecretsOnly() {
    List<ApiKey> keys =
        ApiKeyParser.inline(
            " app:predict:" + SECRET + " , ops:predict+admin:" + hashed(OTHER) + ",");

    assertEquals(List.of("app", "ops"), keys.stream().map(ApiKey::id).toList());
    assertEquals(Set.of(Role.PREDICT), keys.get(0).roles());
    assertEquals(Set.of(Role.PREDICT, Role.ADMIN), keys.get(1).roles());
    assertTrue(keys.get(0).matches(Digests.sha256(SECRET)));
    assertFalse(keys.get(0).matches(Digests.sha256(OTHER)));
    assertTrue(keys.get(1).matches(Digests.sha256(OTHER)), "the hashed form matches its secret");
  }

  @Test
  void aSecretMayContainColonsAndAnUppercaseHashIsAccepted() {
    List<ApiKey> keys =
        ApiKeyParser.inline(
            "a:admin:has:colons:0123456789,b:metrics:"
                + hashed(SECRET).toUpperCase().replace("SHA256", "sha256"));

    assertTrue(keys.get(0).matches(Digests.sha256("has:colons:0123456789")));
    assertTrue(keys.get(1).matches(Digests.sha256(SECRET)));
  }

  @Test
  void aBlankSettingHasNoKeys() {
    assertTrue(ApiKeyParser.inline("").isEmpty());
    assertTrue(ApiKeyParser.inline(" , ,").isEmpty());
  }

  @Test
  void theFileFormSkipsCommentsAndBlankLines() {
    List<ApiKey> keys =
        ApiKeyParser.file(
            List.of(
                "# id roles secret",
                "",
                "  app   predict   " + hashed(SECRET),
                "\tprometheus metrics " + OTHER + "  "),
            "keys.txt");

    assertEquals(List.of("app", "prometheus"), keys.stream().map(ApiKey::id).toList());
    assertEquals(Set.of(Role.METRICS), keys.get(1).roles());
    assertTrue(keys.get(1).matches(Digests.sha256(OTHER)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "app:predict",
        "app:predict+root:" + SECRET,
        "app::" + SECRET,
        "-app:predict:" + SECRET,
        "app id:predict:" + SECRET,
        "app:predict:short",
        "app:predict:sha256:abc",
        "app:predict:sha256:" + "zz0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd",
        "app:predict:" + SECRET + "\u00e9"
      })
  void aMalformedEntryFailsNamingTheEntryButNeverTheSecret(String entry) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ApiKeyParser.inline("ok:predict:" + OTHER + "," + entry));

    assertTrue(e.getMessage().startsWith("MODEL_CACHE_API_KEYS entry 2"), e.getMessage());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    assertFalse(e.getMessage().contains("short"), e.getMessage());
  }

  @Test
  void anUnknownRoleIsNamedWithTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ApiKeyParser.file(List.of("app root " + SECRET), "keys.txt"));

    assertEquals(
        "keys.txt line 1: unknown role 'root'; roles are predict, admin, metrics", e.getMessage());
  }

  @Test
  void aLineWithTheWrongNumberOfFieldsSaysWhichLine() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ApiKeyParser.file(List.of("# ok", "app predict"), "keys.txt"));

    assertTrue(e.getMessage().startsWith("keys.txt line 2: expected three fields"), e.getMessage());
  }

  @Test
  void twoKeysWithOneIdOrOneSecretAreRefused() {
    IllegalArgumentException sameId =
        assertThrows(
            IllegalArgumentException.class,
            () -> ApiKeys.of(ApiKeyParser.inline("a:predict:" + SECRET + ",a:admin:" + OTHER)));
    IllegalArgumentException sameSecret =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ApiKeys.of(
                    ApiKeyParser.inline("a:predict:" + SECRET + ",b:admin:" + hashed(SECRET))));

    assertEquals("two API keys have the id 'a'", sameId.getMessage());
    assertEquals("API keys 'a' and 'b' have the same secret", sameSecret.getMessage());
  }

  @Test
  void aKeyPrintsItsIdAndRolesButNotItsDigest() {
    ApiKey key = ApiKeyParser.inline("ops:admin+predict:" + SECRET).get(0);

    assertEquals("ops[admin, predict]", key.toString());
  }
}
