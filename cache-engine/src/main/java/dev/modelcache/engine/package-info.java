/**
 * The engine: a model cache under a memory budget, model sources, memory measurement, tokenizer +
 * ONNX Runtime inference, batching across requests with a response cache, and text generation.
 * Plain Java: must not import Jakarta EE or MicroProfile, and depends on the API module only for
 * model names and typed errors.
 *
 * <p>Logging: every log line is written through {@link java.lang.System.Logger} (one logger per
 * class, named after it); {@code java.util.logging} appears only where the service configures the
 * log backend (handlers, the formatter, the audit stream), never to write a line.
 */
package dev.modelcache.engine;
