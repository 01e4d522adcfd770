/**
 * One {@code ExceptionMapper} per typed error, all writing the same JSON body ({@code error},
 * {@code message}, {@code status}); anything untyped is a bug and becomes a logged 500.
 */
package dev.modelcache.service.rest.errors;
