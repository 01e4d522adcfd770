package dev.modelcache.service.rest.filters;

import dev.modelcache.service.security.Caller;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Locale;

/**
 * The JAX-RS view of a {@link Caller}: its principal is the caller, its roles are the key's. The
 * authentication scheme is {@code Bearer} for callers with a key, none otherwise.
 */
final class CallerContext implements SecurityContext {
  private final Caller caller;
  private final boolean secure;

  CallerContext(Caller caller, boolean secure) {
    this.caller = caller;
    this.secure = secure;
  }

  /** The caller a filter before this one established; fails if authentication did not run. */
  static Caller caller(SecurityContext context) {
    if (context != null && context.getUserPrincipal() instanceof Caller caller) {
      return caller;
    }
    throw new IllegalStateException("the authentication filter has not run for this request");
  }

  @Override
  public Caller getUserPrincipal() {
    return caller;
  }

  @Override
  public boolean isUserInRole(String role) {
    return caller.roles().stream().anyMatch(r -> r.id().equals(role.toLowerCase(Locale.ROOT)));
  }

  @Override
  public boolean isSecure() {
    return secure;
  }

  @Override
  public String getAuthenticationScheme() {
    return caller.keyId() == null ? null : "Bearer";
  }
}
