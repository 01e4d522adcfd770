package dev.modelcache.service.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiKeysTest {
  private final ApiKeys keys =
      ApiKeys.of(
          ApiKeyParser.inline(
              "app:predict:aaaaaaaaaaaaaaaa1,ops:admin:aaaaaaaaaaaaaaaa2,prom:metrics:"
                  + ApiKeyParserTest.hashed("bbbbbbbbbbbbbbbb3")));

  @Test
  void eachSecretFindsItsOwnKey() {
    assertEquals("app", keys.find("aaaaaaaaaaaaaaaa1").orElseThrow().id());
    assertEquals("ops", keys.find("aaaaaaaaaaaaaaaa2").orElseThrow().id());
    assertEquals("prom", keys.find("bbbbbbbbbbbbbbbb3").orElseThrow().id());
  }

  @Test
  void aNearMissAnIdOrADigestIsNoKey() {
    assertEquals(Optional.empty(), keys.find("aaaaaaaaaaaaaaaa"));
    assertEquals(Optional.empty(), keys.find("aaaaaaaaaaaaaaaa10"));
    assertEquals(Optional.empty(), keys.find("app"));
    assertEquals(Optional.empty(), keys.find(ApiKeyParserTest.hashed("bbbbbbbbbbbbbbbb3")));
    assertEquals(Optional.empty(), keys.find(""));
  }

  @Test
  void noKeysFindNothing() {
    assertTrue(ApiKeys.none().isEmpty());
    assertEquals(Optional.empty(), ApiKeys.none().find("aaaaaaaaaaaaaaaa1"));
  }
}
