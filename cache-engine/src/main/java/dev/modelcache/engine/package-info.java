/**
 * The engine: a model cache under a memory budget, model sources, memory measurement, tokenizer +
 * ONNX Runtime inference, batching across requests with a response cache, and text generation.
 * Plain Java: must not import Jakarta EE or MicroProfile, and depends on the API module only for
 * model names and typed errors.
 */
package dev.modelcache.engine;
