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

class GateTest {
  static final String APP = "app-secret-0123456789";
  static final String OPS = "ops-secret-0123456789";
  static final String PROM = "prom-secret-0123456789";
  static final ApiKeys KEYS =
      ApiKeys.of(
          ApiKeyParser.inline(
              "app:predict:" + APP + ",ops:admin:" + OPS + ",prom:metrics:" + PROM));

  private final Gate gate = new Gate(true, KEYS, true, false);

  @Test
  void aBearerKeyAndAnXApiKeyIdentifyTheSameCaller() {
    Caller bearer = gate.authenticate(Area.PREDICT, "Bearer " + APP, null, "10.0.0.1");
    Caller header = gate.authenticate(Area.PREDICT, null, APP, "10.0.0.1");
    Caller both = gate.authenticate(Area.PREDICT, "bearer  " + APP, APP, "10.0.0.1");

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
            () -> gate.authenticate(Area.PREDICT, authorization, apiKey, "10.0.0.1"));

    assertTrue(e.getMessage().contains(why), e.getMessage());
    assertFalse(e.getMessage().contains("secret-0123456789"), e.getMessage());
  }

  @Test
  void eachKeyIsForbiddenOutsideItsRolesAndNamedInTheMessage() {
    Caller app = gate.authenticate(Area.PREDICT, null, APP, "a");
    Caller ops = gate.authenticate(Area.ADMIN, null, OPS, "a");
    Caller prom = gate.authenticate(Area.METRICS, null, PROM, "a");

    gate.authorize(Area.PREDICT, app);
    gate.authorize(Area.ADMIN, ops);
    gate.authorize(Area.METRICS, prom);
    ForbiddenException predictOnAdmin =
        assertThrows(ForbiddenException.class, () -> gate.authorize(Area.ADMIN, app));
    ForbiddenException adminOnPredict =
        assertThrows(ForbiddenException.class, () -> gate.authorize(Area.PREDICT, ops));
    assertThrows(ForbiddenException.class, () -> gate.authorize(Area.METRICS, app));
    assertThrows(ForbiddenException.class, () -> gate.authorize(Area.PREDICT, prom));

    assertEquals(
        "API key 'app' lacks the role 'admin' this endpoint needs; it has [predict]",
        predictOnAdmin.getMessage());
    assertTrue(adminOnPredict.getMessage().contains("'predict'"), adminOnPredict.getMessage());
  }

  @Test
  void publicHealthNeedsNoKeyAndIgnoresOne() {
    Caller caller = gate.authenticate(Area.HEALTH, "Basic garbage", null, "10.0.0.9");
    gate.authorize(Area.HEALTH, caller);

    assertNull(caller.keyId());
    assertEquals(Set.of(), caller.roles());
    assertEquals("address 10.0.0.9", caller.bucket());
  }

  @Test
  void protectedHealthAndMetricsNeedTheMetricsRole() {
    Gate closed = new Gate(true, KEYS, false, false);

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
    Gate open = new Gate(true, KEYS, false, true);

    open.authorize(Area.METRICS, open.authenticate(Area.METRICS, null, null, "a"));
    assertTrue(open.isOpen(Area.METRICS));
    assertFalse(open.isOpen(Area.PREDICT));
  }

  @ParameterizedTest
  @EnumSource(Area.class)
  void withAuthenticationOffEveryoneMayDoEverything(Area area) {
    Gate off = new Gate(false, ApiKeys.none(), false, false);

    Caller caller = off.authenticate(area, "Basic nonsense", "whatever", "10.1.1.1");
    off.authorize(area, caller);

    assertTrue(off.isOpen(area));
    assertEquals(EnumSet.allOf(Role.class), caller.roles());
    assertEquals("address 10.1.1.1", caller.bucket());
  }
}
