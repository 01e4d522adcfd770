/**
 * Health: liveness (the engine is up) and readiness (the engine is up and the configured preloads
 * are loaded), both carrying the seed's cache fields in their data, as {@link
 * dev.modelcache.service.health.ServiceCheck}s, and the application's own {@code /health} endpoints
 * that run them in MicroProfile Health's JSON shape on any server (Payara's endpoint is off, so
 * that the service's access rules cover health too). The {@code mp} subpackage hands the same
 * checks to the server's MicroProfile Health where it has one.
 */
package dev.modelcache.service.health;
