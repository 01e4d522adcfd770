/**
 * One {@code ExceptionMapper} for every typed error ({@link
 * dev.modelcache.service.rest.errors.ErrorMapper}, keyed by the error's kind), writing the same
 * JSON body ({@code error}, {@code message}, {@code status}) as the mappers of the JAX-RS runtime's
 * own errors; anything untyped is a bug and becomes a logged 500. {@link
 * dev.modelcache.service.rest.errors.ErrorReply} is the one mapping from an error to its status,
 * body and header, for the mappers and for servlet code (the lean {@code /predict} door, the {@code
 * /mp-metrics} guard, the container's error page) alike.
 */
package dev.modelcache.service.rest.errors;
