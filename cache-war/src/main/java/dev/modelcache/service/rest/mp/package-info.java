/**
 * The OpenAPI document's filter, loaded by the server's MicroProfile OpenAPI (through {@code
 * mp.openapi.filter}) where it has one; not a CDI bean. The resources' {@code @Operation} and
 * {@code @APIResponse} annotations are the only other use of MicroProfile OpenAPI: where the API is
 * absent the JVM drops them.
 */
package dev.modelcache.service.rest.mp;
