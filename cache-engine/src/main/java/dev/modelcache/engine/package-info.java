/**
 * The engine: a model cache under a memory budget, model sources, memory measurement, and tokenizer
 * + ONNX Runtime inference. Plain Java: must not import Jakarta EE or MicroProfile, and depends on
 * the API module only for model names and typed errors.
 */
package dev.modelcache.engine;
