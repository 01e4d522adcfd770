package dev.modelcache.engine.inference;

/** The result of running a model on one text. */
public sealed interface Inference permits Classification, Embedding {}
