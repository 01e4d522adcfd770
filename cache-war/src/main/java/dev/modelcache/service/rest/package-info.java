/**
 * The HTTP boundary: resources implementing the contract in {@code dev.modelcache.api.rest}
 * validate input, turn names into {@code ModelId}s once, call the facade and translate its answers
 * into API records; one exception mapper per typed error gives every failure the same JSON shape.
 */
package dev.modelcache.service.rest;
