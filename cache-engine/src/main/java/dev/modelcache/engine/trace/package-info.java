/**
 * What a request goes through inside the engine, told to a tracing system: {@link
 * dev.modelcache.engine.trace.Tracing} opens a {@link dev.modelcache.engine.trace.RequestTrace} on
 * the request's thread, and the engine records named {@link dev.modelcache.engine.trace.Step}s in
 * it (the model load it waited for, tokenisation, the wait in the batching queue, each ONNX Runtime
 * run, which may serve several requests). The service implements these interfaces with
 * OpenTelemetry; with tracing off every call returns a shared no-op, so the hot path allocates
 * nothing for it.
 *
 * <p>Step and attribute names are defined here ({@link dev.modelcache.engine.trace.TraceNames}), so
 * that every tracing system shows the same. Must not import Jakarta EE, MicroProfile or
 * OpenTelemetry.
 */
package dev.modelcache.engine.trace;
