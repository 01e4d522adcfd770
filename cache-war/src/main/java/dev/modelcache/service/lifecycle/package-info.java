/**
 * How the service stops: on SIGTERM readiness turns down, new requests are served for a short
 * grace, then refused (503 {@code shutting_down}, {@code Retry-After}) while the requests already
 * taken finish, and the process exits with status 143 ({@link
 * dev.modelcache.service.lifecycle.GracefulStop}). {@link dev.modelcache.service.lifecycle.Drain}
 * counts the requests in progress; {@link dev.modelcache.service.lifecycle.StopFilter}, the first
 * servlet filter, feeds it. {@code docs/reliability.md} ("Stopping") has the measurements.
 */
package dev.modelcache.service.lifecycle;
