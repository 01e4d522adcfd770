package dev.modelcache.service.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.modelcache.api.RateLimitedException;
import dev.modelcache.engine.generation.FinishReason;
import dev.modelcache.engine.generation.Generation;
import dev.modelcache.service.security.Caller;
import dev.modelcache.service.security.RateLimiter;
import dev.modelcache.service.security.Role;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A generation costs one rate token per generated token: the door's one, then the rest. */
class GenerateOneTest {

  @Test
  void theFurtherTokensOfAGenerationAreChargedToTheCallersBucket() {
    AtomicLong now = new AtomicLong();
    RateLimiter rates = new RateLimiter(1, 10, 16, now::get);
    Caller caller = new Caller("app", Set.of(Role.PREDICT), "127.0.0.1");
    Caller other = new Caller("other", Set.of(Role.PREDICT), "127.0.0.1");

    rates.acquire(caller.bucket()); // the door's token
    GenerateOne.chargeFurtherTokens(rates, caller, generation(10));
    RateLimitedException refused =
        assertThrows(RateLimitedException.class, () -> rates.acquire(caller.bucket()));
    assertEquals(1, refused.retryAfterSeconds(), "ten tokens spent of a burst of ten");
    rates.acquire(other.bucket()); // another key's bucket is untouched

    now.addAndGet(1_000_000_000L);
    rates.acquire(caller.bucket()); // one token a second comes back
    GenerateOne.chargeFurtherTokens(rates, null, generation(50)); // no caller: nothing to charge
  }

  private static Generation generation(int tokens) {
    return new Generation(
        "x", new long[tokens], 1, FinishReason.LENGTH, OptionalLong.empty(), true, 1_000_000);
  }
}
