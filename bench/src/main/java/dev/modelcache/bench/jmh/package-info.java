/**
 * JMH benchmarks of the hot path: tokenisation, one ONNX Runtime run at batch 1 and 32, and the
 * batcher's overhead over a direct call. Run them with {@code bench/jmh.sh}; results are printed as
 * JMH tables, never asserted. Reads the default model repository the build assembles ({@code
 * cache-engine/target/model-repo}, or the system property {@code modelcache.modelRepo}).
 */
package dev.modelcache.bench.jmh;
