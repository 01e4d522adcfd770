/**
 * Model integrity: the optional {@code SHA256SUMS} manifest of a model folder ({@link
 * dev.modelcache.engine.integrity.Manifest}) and the check that refuses a load whose files do not
 * match it ({@link dev.modelcache.engine.integrity.ModelIntegrity}). Reads files only; imports
 * nothing of the cache or of ONNX Runtime, and no Jakarta EE API.
 */
package dev.modelcache.engine.integrity;
