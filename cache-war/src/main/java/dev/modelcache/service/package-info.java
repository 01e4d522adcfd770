/**
 * The service's application layer: the {@link dev.modelcache.service.ModelCacheService} facade that
 * owns the engine, its configuration from MicroProfile Config, and the recent-events log. Resources
 * in {@code rest}, checks in {@code health} and metrics in {@code metrics} read from here; nothing
 * here knows about HTTP.
 */
package dev.modelcache.service;
