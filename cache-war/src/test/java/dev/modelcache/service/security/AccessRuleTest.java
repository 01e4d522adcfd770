package dev.modelcache.service.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ForbiddenException;
import dev.modelcache.api.UnauthorizedException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AccessRuleTest {
  static final String APP = "app-secret-0123456789";
  static final String OPS = "ops-secret-0123456789";
  static final String PROM = "prom-secret-0123456789";
  static final ApiKeys KEYS =
      ApiKeys.of(
          ApiKeyParser.inline(
              "app:predict:" + APP + ",ops:admin:" + OPS + ",prom:metrics:" + PROM));

  private final AccessRule accessRule = new AccessRule(true, KEYS, true, false);

  @Test
  void aBearerKeyAndAnXApiKeyIdentifyTheSameCaller() {
    Caller bearer = accessRule.authenticate(Area.PREDICT, "Bearer " + APP, null, "10.0.0.1");
    Caller header = accessRule.authenticate(Area.PREDICT, null, APP, "10.0.0.1");
    Caller both = accessRule.authenticate(Area.PREDICT, "bearer  " + APP, APP, "10.0.0.1");

    assertEquals(new Caller("app", Set.of(Role.PREDICT), "10.0.0.1"), bearer);
    assertEquals(bearer, header);
    assertEquals(bearer, both);
    assertEquals("app", bearer.getName());
    assertEquals("key app", bearer.bucket());
  }

  @ParameterizedTest(name = "[{index}] {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "-|-|an API key is required",
        "Basic YXBwOnNlY3JldA==|-|scheme 'basic' is not accepted",
        "Bearer |-|no key after 'Bearer'",
        "-|'  '|the X-API-Key header is empty",
        "Bearer wrong-secret-0123456789|-|the API key is not valid",
        "-|wrong-secret-0123456789|the API key is not valid",
        "Bearer app-secret-0123456789|ops-secret-0123456789|carry different keys",
        "Bearer sha256:0123|-|the API key is not valid"
      })
  void aMissingUnusableOrUnknownKeyIsUnauthorized(String authorization, String apiKey, String why) {
    UnauthorizedException e =
        assertThrows(
            UnauthorizedException.class,
            () -> accessRule.authenticate(Area.PREDICT, authorization, apiKey, "10.0.0.1"));

    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertFalse(e.getMessage().contains("secret-0123456789"), e.getMessage());
  }

  @Test
  void eachKeyIsForbiddenOutsideItsRolesAndNamedInTheMessage() {
    Caller app = accessRule.authenticate(Area.PREDICT, null, APP, "a");
    Caller ops = accessRule.authenticate(Area.ADMIN, null, OPS, "a");
    Caller prom = accessRule.authenticate(Area.METRICS, null, PROM, "a");

    accessRule.authorize(Area.PREDICT, app);
    accessRule.authorize(Area.ADMIN, ops);
    accessRule.authorize(Area.METRICS, prom);
    ForbiddenException predictOnAdmin =
        assertThrows(ForbiddenException.class, () -> accessRule.authorize(Area.ADMIN, app));
    ForbiddenException adminOnPredict =
        assertThrows(ForbiddenException.class, () -> accessRule.authorize(Area.PREDICT, ops));
    assertThrows(ForbiddenException.class, () -> accessRule.authorize(Area.METRICS, app));
    assertThrows(ForbiddenException.class, () -> accessRule.authorize(Area.PREDICT, prom));

    assertEquals(
        "API key 'app' lacks the role 'admin' this endpoint needs; it has [predict]",
        predictOnAdmin.getMessage());
    assertTrue(adminOnPredict.getMessage().contains("'predict'"), adminOnPredict.getMessage());
  }

  @Test
  void publicHealthNeedsNoKeyAndIgnoresOne() {
    Caller caller = accessRule.authenticate(Area.HEALTH, "Basic garbage", null, "10.0.0.9");
    accessRule.authorize(Area.HEALTH, caller);

    assertNull(caller.keyId());
    assertEquals(Set.of(), caller.roles());
    assertEquals("address 10.0.0.9", caller.bucket());
  }

  @Test
  void protectedHealthAndMetricsNeedTheMetricsRole() {
    AccessRule closed = new AccessRule(true, KEYS, false, false);

    assertThrows(
        UnauthorizedException.class, () -> closed.authenticate(Area.HEALTH, null, null, "a"));
    assertThrows(
        UnauthorizedException.class, () -> closed.authenticate(Area.METRICS, null, null, "a"));
    Caller app = closed.authenticate(Area.HEALTH, null, APP, "a");
    assertThrows(ForbiddenException.class, () -> closed.authorize(Area.HEALTH, app));
    closed.authorize(Area.HEALTH, closed.authenticate(Area.HEALTH, null, PROM, "a"));
    assertFalse(closed.isOpen(Area.HEALTH));
  }

  @Test
  void publicMetricsAreOpen() {
    AccessRule open = new AccessRule(true, KEYS, false, true);

    open.authorize(Area.METRICS, open.authenticate(Area.METRICS, null, null, "a"));
    assertTrue(open.isOpen(Area.METRICS));
    assertFalse(open.isOpen(Area.PREDICT));
  }

  @ParameterizedTest
  @EnumSource(Area.class)
  void withAuthenticationOffEveryoneMayDoEverything(Area area) {
    AccessRule off = new AccessRule(false, ApiKeys.none(), false, false);

    Caller caller = off.authenticate(area, "Basic nonsense", "whatever", "10.1.1.1");
    off.authorize(area, caller);

    assertTrue(off.isOpen(area));
    assertEquals(EnumSet.allOf(Role.class), caller.roles());
    assertEquals("address 10.1.1.1", caller.bucket());
  }
}
