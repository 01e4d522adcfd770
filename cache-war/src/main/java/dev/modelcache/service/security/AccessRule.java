package dev.modelcache.service.security;

import dev.modelcache.api.ForbiddenException;
import dev.modelcache.api.UnauthorizedException;
import java.util.Optional;

/**
 * The access rule, in two steps the filters run in order: {@link #authenticate} finds who is
 * calling (401 if a key is needed and missing or unknown) and {@link #authorize} checks that the
 * caller's roles cover the area (403). Public areas and a service with authentication off let
 * everyone through. Immutable and thread-safe.
 */
public final class AccessRule {
  private final boolean enabled;
  private final ApiKeys keys;
  private final boolean publicHealth;
  private final boolean publicMetrics;

  /**
   * @param enabled whether keys are checked at all
   * @param keys the configured keys
   * @param publicHealth whether {@link Area#HEALTH} is open to anyone
   * @param publicMetrics whether {@link Area#METRICS} is open to anyone
   */
  public AccessRule(boolean enabled, ApiKeys keys, boolean publicHealth, boolean publicMetrics) {
    this.enabled = enabled;
    this.keys = keys;
    this.publicHealth = publicHealth;
    this.publicMetrics = publicMetrics;
  }

  /** Whether anyone may call this area without a key. */
  public boolean isOpen(Area area) {
    return !enabled
        || (area == Area.HEALTH && publicHealth)
        || (area == Area.METRICS && publicMetrics);
  }

  /**
   * Who is calling.
   *
   * @param area the area of the endpoint asked for
   * @param authorization the {@code Authorization} header, or null
   * @param apiKey the {@code X-API-Key} header, or null
   * @param address the client's address
   * @throws UnauthorizedException if the area needs a key and none, or an unknown one, was sent
   */
  public Caller authenticate(Area area, String authorization, String apiKey, String address) {
    if (!enabled) {
      return Caller.unchecked(address);
    }
    if (isOpen(area)) {
      return Caller.anonymous(address);
    }
    Optional<String> secret = Credentials.secret(authorization, apiKey);
    if (secret.isEmpty()) {
      throw new UnauthorizedException(
          "an API key is required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
    }
    return keys.find(secret.get())
        .map(key -> Caller.of(key, address))
        .orElseThrow(() -> new UnauthorizedException("the API key is not valid"));
  }

  /**
   * Checks that the caller may use the area.
   *
   * @throws ForbiddenException naming the key and the role it lacks
   */
  public void authorize(Area area, Caller caller) {
    if (isOpen(area) || caller.roles().contains(area.role())) {
      return;
    }
    throw new ForbiddenException(
        "API key '"
            + caller.getName()
            + "' lacks the role '"
            + area.role().id()
            + "' this endpoint needs; it has "
            + caller.roles().stream().map(Role::id).sorted().toList());
  }
}
