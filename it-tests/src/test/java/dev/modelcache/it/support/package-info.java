/**
 * What the integration tests share: the service's WAR deployed with one class's settings ({@link
 * dev.modelcache.it.support.ServiceDeployment}), a JAX-RS client that answers status, type and body
 * whatever the status ({@link dev.modelcache.it.support.ServiceClient}, {@link
 * dev.modelcache.it.support.Reply}), and a bounded poll for conditions reached asynchronously.
 *
 * <p>Talks to the service over HTTP only: imports no engine and no service class.
 */
package dev.modelcache.it.support;
