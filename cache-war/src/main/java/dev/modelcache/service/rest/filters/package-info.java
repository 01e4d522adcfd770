/**
 * The HTTP side of {@code dev.modelcache.service.security}: JAX-RS filters that run, in this order
 * (their {@code @Priority}), before a request's body is read:
 *
 * <ol>
 *   <li>{@link dev.modelcache.service.rest.filters.AuthenticationFilter} (1000): who is calling;
 *       401;
 *   <li>{@link dev.modelcache.service.rest.filters.AuthorizationFilter} (2000): may they; 403;
 *   <li>{@link dev.modelcache.service.rest.filters.RateLimitFilter} (2100): the caller's token
 *       bucket; 429;
 *   <li>{@link dev.modelcache.service.rest.filters.ConcurrencyFilter} (2200): a place among the
 *       concurrent requests, given back as the response leaves (or by {@link
 *       dev.modelcache.service.rest.filters.PermitRelease} when the request ends); 503.
 * </ol>
 *
 * <p>Then {@link dev.modelcache.service.rest.filters.AuditFilter} records administrative requests
 * with their final status, {@link dev.modelcache.service.rest.filters.ResponseCountFilter} counts
 * every response by status, and {@link dev.modelcache.service.rest.filters.MetricsEndpointGuard}
 * applies the same rule to Payara's own {@code /mp-metrics} servlet, which no JAX-RS filter sees.
 * Failures are typed exceptions, mapped to JSON by {@code rest.errors} like every other error. The
 * filters only adapt JAX-RS to {@link dev.modelcache.service.security.Guard}, which the lean {@code
 * POST /predict} door ({@code rest.PredictFilter}) calls in the same order.
 */
package dev.modelcache.service.rest.filters;
