/**
 * Integration tests on a real Payara Micro: one scenario per class, named for its outcome, each
 * deploying the service's WAR with its own settings and asserting status codes and JSON from the
 * client side (Arquillian, JUnit 5, a Jersey client). Run with {@code ./mvnw -B verify -pl
 * it-tests} after building cache-war.
 *
 * <p>Imports no engine or service class: only the REST contract of cache-api, for the typed client.
 */
package dev.modelcache.it;
