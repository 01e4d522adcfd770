/**
 * Payara Micro's boot, watched: the Arquillian container for Payara Micro waits up to its start-up
 * timeout (180 s) for a boot that has already failed. {@link
 * dev.modelcache.it.support.boot.WatchedBootContainer} replaces it (through {@link
 * dev.modelcache.it.support.boot.WatchedBootExtension}), notices a failed boot within a second from
 * the server's output or its exit, and boots once more before giving up.
 *
 * <p>Imports no engine and no service class.
 */
package dev.modelcache.it.support.boot;
