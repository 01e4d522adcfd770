package dev.modelcache.service.security;

import dev.modelcache.api.ForbiddenException;
import dev.modelcache.api.ModelCacheException;
import dev.modelcache.api.OverloadedException;
import dev.modelcache.api.RateLimitedException;
import dev.modelcache.api.UnauthorizedException;
import dev.modelcache.service.audit.AuditEvent;
import dev.modelcache.service.audit.AuditLog;

/**
 * The checks a request passes before its body is read, in the order every front door runs them:
 * {@link #authenticate} (401), {@link #authorize} (403), {@link #limitRate} (429) and {@link
 * #enter} (503). Every refusal is counted, and those of the first two audited, here, so that the
 * JAX-RS filters, the servlet guards and the lean {@code /predict} door apply one rule. A plain
 * object, built once by {@link SecurityService}; immutable and thread-safe.
 */
public final class Guard {
  private final AccessRule accessRule;
  private final RateLimiter rateLimiter;
  private final ConcurrencyLimit concurrency;
  private final Refusals refusals;
  private final AuditLog audit;

  Guard(
      AccessRule accessRule,
      RateLimiter rateLimiter,
      ConcurrencyLimit concurrency,
      Refusals refusals,
      AuditLog audit) {
    this.accessRule = accessRule;
    this.rateLimiter = rateLimiter;
    this.concurrency = concurrency;
    this.refusals = refusals;
    this.audit = audit;
  }

  /** Whether anyone may call this area without a key. */
  public boolean isOpen(Area area) {
    return accessRule.isOpen(area);
  }

  /**
   * Who is calling; a refusal is counted and audited.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param apiKey the {@code X-API-Key} header, or null
   * @param address the client's address
   * @param method the request's method, for the audit line
   * @param path the request's path under the service root without its leading slash, as sent
   * @throws UnauthorizedException if the area needs a key and none, or an unknown one, was sent
   */
  public Caller authenticate(
      Area area, String authorization, String apiKey, String address, String method, String path) {
    try {
      return accessRule.authenticate(area, authorization, apiKey, address);
    } catch (UnauthorizedException e) {
      refused(e, null, address, method, path);
      throw e;
    }
  }

  /**
   * Checks that the caller's roles cover the area; a refusal is counted and audited.
   *
   * @throws ForbiddenException naming the key and the role it lacks
   */
  public void authorize(Area area, Caller caller, String method, String path) {
    try {
      accessRule.authorize(area, caller);
    } catch (ForbiddenException e) {
      refused(e, caller.keyId(), caller.address(), method, path);
      throw e;
    }
  }

  /**
   * Takes one token from the caller's bucket in a {@linkplain Area#isLimited() limited} area; a
   * refusal is counted.
   *
   * @throws RateLimitedException if the bucket is empty
   */
  public void limitRate(Area area, Caller caller) {
    if (area.isLimited()) {
      try {
        rateLimiter.acquire(caller.bucket());
      } catch (RateLimitedException e) {
        refusals.count(e.kind());
        throw e;
      }
    }
  }

  /**
   * Takes a place among the concurrent requests in a {@linkplain Area#isLimited() limited} area (a
   * permit that holds nothing elsewhere); a refusal is counted. Close the permit when the answer is
   * ready, before it is written.
   *
   * @throws OverloadedException if every place is taken
   */
  public ConcurrencyLimit.Permit enter(Area area) {
    if (!area.isLimited()) {
      return ConcurrencyLimit.Permit.UNLIMITED;
    }
    try {
      return concurrency.acquire();
    } catch (OverloadedException e) {
      refusals.count(e.kind());
      throw e;
    }
  }

  /**
   * Counts a refusal by its kind and writes it to the audit log: who (key id, never the key), from
   * where, what was asked, the status and why.
   */
  private void refused(
      ModelCacheException e, String keyId, String address, String method, String path) {
    refusals.count(e.kind());
    audit.record(
        AuditEvent.refused(keyId, address, method, path, e.kind().httpStatus(), e.getMessage()));
  }
}
