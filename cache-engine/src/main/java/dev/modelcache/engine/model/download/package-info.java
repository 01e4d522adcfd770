/**
 * Downloading model files safely, shared by the Hub and MLflow sources: one HTTP client with
 * connect and read timeouts, redirects followed by hand (the {@code Authorization} header never
 * crosses to another host), bounded error bodies, a size cap, SHA-256 (and git blob SHA-1) hashing
 * while streaming, resumable temporary files, progress in the log, atomic renames, cross-process
 * file locks, single-flight sharing of one download among concurrent callers, and reading the
 * servers' JSON answers without trusting their shape ({@link
 * dev.modelcache.engine.model.download.JsonAnswer}).
 *
 * <p>Nothing here knows a model format or a service's routes; it imports no engine package (only
 * {@code java.*} and Gson).
 */
package dev.modelcache.engine.model.download;
