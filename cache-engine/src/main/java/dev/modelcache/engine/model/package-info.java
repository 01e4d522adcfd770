/**
 * Finding models: where a model's files are ({@link dev.modelcache.engine.model.ModelSource}), what
 * they contain ({@link dev.modelcache.engine.model.ModelFiles}) and what its {@code config.json}
 * says ({@link dev.modelcache.engine.model.ModelConfig}, with {@link
 * dev.modelcache.engine.model.PoolingConfig} for sentence-transformers pooling). Nothing here loads
 * a model into memory.
 */
package dev.modelcache.engine.model;
