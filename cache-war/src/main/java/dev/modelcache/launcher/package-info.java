/**
 * The uber jar's entry point ({@code Main-Class}): decides from {@code MODEL_CACHE_CLUSTER} whether
 * Payara Micro starts with its Data Grid (Hazelcast) or with {@code --nohazelcast}, then hands over
 * to Payara Micro's own main class. Runs before the server exists: plain Java SE, no Jakarta EE, no
 * Payara or Hazelcast classes at compile time. Packaged at the root of the uber jar only (the WAR
 * leaves it out).
 */
package dev.modelcache.launcher;
