/** Helpers every test tree shares: {@link dev.modelcache.engine.testing.Await}. */
package dev.modelcache.engine.testing;
