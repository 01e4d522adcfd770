/**
 * An MLflow model registry as a model source: {@code models:/name/version} and {@code
 * models:/name@alias} are resolved through the tracking server's REST API, and the version's
 * artifacts (an {@code onnx} flavour with {@code tokenizer.json} and {@code config.json}) are
 * downloaded through its artifact proxy ({@code mlflow-artifacts}) into a local cache keyed by name
 * and version, verified and renamed into place. Imports the engine's {@code model} and {@code
 * model.download} packages and {@code cache-api}; never the cache or inference packages.
 */
package dev.modelcache.engine.model.mlflow;
