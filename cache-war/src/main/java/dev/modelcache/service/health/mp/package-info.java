/**
 * The service's checks as MicroProfile Health checks, for the server's own health endpoint where it
 * has one. Plain classes, never CDI beans: a server without the API never loads them. Nothing else
 * imports MicroProfile Health.
 */
package dev.modelcache.service.health.mp;
