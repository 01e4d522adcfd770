/**
 * The HTTP boundary: resources implementing the contract in {@code dev.modelcache.api.rest}
 * validate input, turn names into {@code ModelId}s once, call the facade and translate its answers
 * into API records; one exception mapper per typed error gives every failure the same JSON shape.
 *
 * <p>{@code POST /predict}, the hot endpoint, has a second, lean front door beside its resource:
 * {@link dev.modelcache.service.rest.PredictFilter}, a servlet filter that answers it without the
 * JAX-RS runtime, CDI proxies or the EJB container. Both doors run one set of rules ({@link
 * dev.modelcache.service.rest.PredictOne}, the guard, the strict reader, {@code ErrorReply}).
 */
package dev.modelcache.service.rest;
