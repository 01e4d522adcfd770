/**
 * The Hugging Face Hub as a model source: models are read from a local cache in {@code
 * huggingface_hub}'s layout ({@code models--org--name/{blobs,refs,snapshots}}) and, when missing,
 * downloaded from the Hub's documented routes into that same layout, verified and renamed into
 * place, so that Python tools and this service share one cache. Imports the engine's {@code model}
 * and {@code model.download} packages and {@code cache-api}; never the cache or inference packages.
 */
package dev.modelcache.engine.model.hub;
