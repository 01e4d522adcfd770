/**
 * MicroProfile Health: liveness (the engine is up) and readiness (the engine is up and the
 * configured preloads are loaded), both carrying the seed's cache fields in their data, and the
 * application's own {@code /health} endpoints that run them (Payara's endpoint is off, so that the
 * service's access rules cover health too).
 */
package dev.modelcache.service.health;
