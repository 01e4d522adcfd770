package dev.modelcache.service.security;

/**
 * The parts of the API, each guarded by one role. Every resource method declares its area with
 * {@link Access}; a method without one is treated as {@link #ADMIN} (fail closed).
 */
public enum Area {
  /** Predictions and reading the cache's state. */
  PREDICT(Role.PREDICT),
  /** Changing what is loaded, and the event log. */
  ADMIN(Role.ADMIN),
  /** Metrics; public when {@code MODEL_CACHE_PUBLIC_METRICS} is true. */
  METRICS(Role.METRICS),
  /** Health; public when {@code MODEL_CACHE_PUBLIC_HEALTH} is true (the default). */
  HEALTH(Role.METRICS);

  private final Role role;

  Area(Role role) {
    this.role = role;
  }

  /** The role a key needs here when the area is not public. */
  public Role role() {
    return role;
  }

  /** Whether requests to this area count against rate and concurrency limits. */
  public boolean isLimited() {
    return this == PREDICT || this == ADMIN;
  }
}
