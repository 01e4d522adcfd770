/**
 * The load benchmark: the raw ONNX Runtime limit measured in-process ({@link
 * dev.modelcache.bench.load.RawLimit}), beside the service measured over HTTP by {@code
 * bench/load.sh}.
 */
package dev.modelcache.bench.load;
