/**
 * The service's metrics in the server's MicroProfile Metrics registry. Plain classes, never CDI
 * beans: a server without the API never loads them (its annotation scanners load every bean class
 * and log each missing type as an error). Nothing else imports MicroProfile Metrics.
 */
package dev.modelcache.service.metrics.mp;
