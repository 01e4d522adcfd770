/**
 * Serving predictions: dynamic batching across requests ({@link
 * dev.modelcache.engine.batching.Batcher}), the response cache ({@link
 * dev.modelcache.engine.batching.ResponseCache}), and the facade that puts them in front of the
 * model cache ({@link dev.modelcache.engine.batching.Predictor}). Sits above {@code engine.cache}
 * and {@code engine.inference}; neither of those imports this package, and nothing here imports
 * Jakarta EE.
 */
package dev.modelcache.engine.batching;
