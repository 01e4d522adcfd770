/**
 * Running a model: the Hugging Face tokenizer (DJL, offline), ONNX Runtime sessions, and turning
 * raw outputs into results (softmax labels for classifiers, mean-pooled L2-normalised vectors for
 * embedding models). A {@link dev.modelcache.engine.inference.LoadedModel} knows nothing of the
 * cache that holds it.
 */
package dev.modelcache.engine.inference;
