/**
 * MicroProfile Health: liveness (the engine is up) and readiness (the engine is up and the
 * configured preloads are loaded), both carrying the seed's cache fields in their data.
 */
package dev.modelcache.service.health;
