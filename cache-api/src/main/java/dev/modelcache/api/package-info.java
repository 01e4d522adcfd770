/**
 * The contract shared by the engine, the service and its clients: validated model names, the typed
 * errors every layer throws, and (with the service) the request and response records.
 *
 * <p>Must not import the engine, ONNX Runtime or any Jakarta EE implementation.
 */
package dev.modelcache.api;
