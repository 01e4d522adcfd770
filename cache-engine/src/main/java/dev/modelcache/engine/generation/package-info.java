/**
 * Text generation: decoder-only (GPT-2) and encoder-decoder (T5, BART) models in Hugging Face
 * Optimum's ONNX layout, with a key/value cache, greedy or seeded nucleus sampling, and a stop at
 * the end-of-sequence token, a token limit or a deadline. {@link
 * dev.modelcache.engine.generation.GenerationLoader} plugs into the ONNX loader, so generation
 * models share the model cache, its budget and its leases with every other model; {@link
 * dev.modelcache.engine.generation.Generator} is the request path. Imports {@code engine.cache},
 * {@code engine.inference} and {@code engine.model}, which do not import it; nothing here imports
 * Jakarta EE.
 */
package dev.modelcache.engine.generation;
