/**
 * The REST contract: JAX-RS-annotated interfaces that the service's resources implement and that
 * clients can proxy, and the JSON request and response records with the seed's snake_case names.
 *
 * <p>Imports only the JAX-RS and JSON-B APIs; no engine, no implementation.
 */
package dev.modelcache.api.rest;
