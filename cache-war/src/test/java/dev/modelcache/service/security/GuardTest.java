package dev.modelcache.service.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.api.ErrorKind;
import dev.modelcache.api.ForbiddenException;
import dev.modelcache.api.OverloadedException;
import dev.modelcache.api.RateLimitedException;
import dev.modelcache.api.UnauthorizedException;
import dev.modelcache.service.audit.AuditLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks every front door runs: who (401), may they (403), how often (429), how many at once
 * (503); refusals by the first two are audited, every refusal counted.
 */
class GuardTest {
  private final Logger logger = Logger.getLogger(AuditLog.LOGGER_NAME + ".guard-test");
  private final List<String> lines = new ArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          lines.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final Refusals refusals = new Refusals();
  private final ConcurrencyLimit concurrency = new ConcurrencyLimit(1);
  private final Guard guard =
      new Guard(
          new AccessRule(true, AccessRuleTest.KEYS, true, false),
          new RateLimiter(1, 1, 10, () -> 0L),
          concurrency,
          refusals,
          new AuditLog(logger, Clock.systemUTC()));

  @BeforeEach
  void capture() {
    logger.setUseParentHandlers(false);
    logger.setLevel(Level.INFO);
    logger.addHandler(capture);
  }

  @AfterEach
  void release() {
    logger.removeHandler(capture);
  }

  @Test
  void aMissingKeyIsRefusedCountedAndAuditedWithTheRequest() {
    assertThrows(
        UnauthorizedException.class,
        () -> guard.authenticate(Area.PREDICT, null, null, "10.0.0.9", "POST", "predict"));

    assertEquals(1L, refusals.snapshot().get(ErrorKind.UNAUTHORIZED));
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).contains("\"client\":\"10.0.0.9\""), lines.get(0));
    assertTrue(lines.get(0).contains("POST /predict: an API key is required"), lines.get(0));
  }

  @Test
  void aKeyWithoutTheRoleIsRefusedWithItsIdAudited() {
    Caller ops =
        guard.authenticate(
            Area.PREDICT, "Bearer " + AccessRuleTest.OPS, null, "10.0.0.9", "POST", "p");

    assertThrows(
        ForbiddenException.class, () -> guard.authorize(Area.PREDICT, ops, "POST", "predict"));

    assertEquals(1L, refusals.snapshot().get(ErrorKind.FORBIDDEN));
    assertTrue(lines.get(0).contains("\"key_id\":\"ops\""), lines.get(0));
  }

  @Test
  void limitedAreasPayATokenAndTakeAPlaceOthersDoNot() {
    Caller app =
        guard.authenticate(
            Area.PREDICT, "Bearer " + AccessRuleTest.APP, null, "10.0.0.9", "POST", "p");
    guard.limitRate(Area.PREDICT, app);

    assertThrows(RateLimitedException.class, () -> guard.limitRate(Area.PREDICT, app));
    guard.limitRate(Area.HEALTH, app);
    ConcurrencyLimit.Permit held = guard.enter(Area.PREDICT);
    assertThrows(OverloadedException.class, () -> guard.enter(Area.ADMIN));
    assertSame(ConcurrencyLimit.Permit.UNLIMITED, guard.enter(Area.METRICS));
    held.close();
    guard.enter(Area.PREDICT).close();

    assertEquals(
        Map.of(
            ErrorKind.UNAUTHORIZED, 0L,
            ErrorKind.FORBIDDEN, 0L,
            ErrorKind.RATE_LIMITED, 1L,
            ErrorKind.OVERLOADED, 1L),
        refusals.snapshot(),
        "the rate-limited and the overloaded request are counted");
    assertEquals(List.of(), lines);
  }
}
