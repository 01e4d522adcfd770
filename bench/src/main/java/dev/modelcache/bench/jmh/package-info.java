/**
 * JMH benchmarks of the hot path: tokenisation, one ONNX Runtime run at batch 1 and 32, the
 * batcher's overhead over a direct call, and a request's cost under a flood of new keys ({@code
 * FloodBenchmark}); the lean door's JSON is measured by {@code
 * dev.modelcache.service.rest.json.JsonBodiesBenchmark}, in the package whose package-private
 * readers it calls. Run them with {@code bench/jmh.sh}; results are printed as JMH tables, never
 * asserted. Reads the default model repository the build assembles ({@code
 * cache-engine/target/model-repo}, or the system property {@code modelcache.modelRepo}).
 */
package dev.modelcache.bench.jmh;
