/**
 * Running a model: the Hugging Face tokenizer (DJL, offline; WordPiece, byte-level BPE, Unigram),
 * the graph's inputs ({@link dev.modelcache.engine.inference.GraphInputs}), ONNX Runtime sessions,
 * and turning raw outputs into results ({@link dev.modelcache.engine.inference.OutputHead}: softmax
 * or multi-label sigmoid for classifiers, pooled vectors for embedding models, zero-shot scores for
 * NLI classifiers). A {@link dev.modelcache.engine.inference.LoadedModel} knows nothing of the
 * cache that holds it.
 */
package dev.modelcache.engine.inference;
