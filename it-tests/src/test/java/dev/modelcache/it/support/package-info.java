/**
 * What the integration tests share: the service's WAR deployed with one class's settings ({@link
 * dev.modelcache.it.support.ServiceDeployment}), a JAX-RS client that answers status, type and body
 * whatever the status ({@link dev.modelcache.it.support.ServiceClient}, {@link
 * dev.modelcache.it.support.Reply}), a bounded poll for conditions reached asynchronously, a
 * repository of broken models cut from the fixtures ({@link dev.modelcache.it.support.FaultModels})
 * and mixed many-client traffic ({@link dev.modelcache.it.support.Traffic}, also run by {@code
 * soak.sh} as a single-file program).
 *
 * <p>Talks to the service over HTTP only: imports no engine and no service class.
 */
package dev.modelcache.it.support;
