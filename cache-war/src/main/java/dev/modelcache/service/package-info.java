/**
 * The service's application layer: the {@link dev.modelcache.service.ModelCacheService} facade that
 * owns the engine, its configuration ({@code settings}: MicroProfile Config where the server has
 * it), and the recent-events log. Resources in {@code rest}, checks in {@code health} and metrics
 * in {@code metrics} read from here; nothing here knows about HTTP. Log lines are written through
 * {@link java.lang.System.Logger}, as in the engine; {@code java.util.logging} only configures
 * handlers (the audit stream).
 */
package dev.modelcache.service;
