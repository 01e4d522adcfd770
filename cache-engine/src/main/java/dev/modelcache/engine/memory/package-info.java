/**
 * Memory accounting: reading the process's resident set ({@link
 * dev.modelcache.engine.memory.MemoryProbe}) and turning the growth across a model load into the
 * bytes the cache charges that model ({@link dev.modelcache.engine.memory.MemoryFootprint}). ONNX
 * Runtime allocates natively, outside the JVM heap, so heap figures would miss almost all of it.
 */
package dev.modelcache.engine.memory;
