/**
 * The audit log: who (an API key's id, never the key), did what (preload, unload, clear-cache, the
 * start-up configuration, refused calls), when, from where and with what outcome, one JSON object a
 * line on the {@code dev.modelcache.audit} logger, in its own rotating file when {@code
 * MODEL_CACHE_AUDIT_LOG} is set.
 *
 * <p>Plain Java, {@code java.util.logging} and JSON-P; no HTTP. Callers decide what to record.
 */
package dev.modelcache.service.audit;
