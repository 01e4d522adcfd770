/**
 * The service's metrics in the server's MicroProfile Metrics registry. Only a CDI bean where the
 * server has the API ({@code beans.xml} excludes this package otherwise); nothing else imports
 * MicroProfile Metrics.
 */
package dev.modelcache.service.metrics.mp;
