/**
 * The server log's format: {@link ServiceLogFormatter}, a {@code java.util.logging} formatter that
 * writes plain lines, or with {@code MODEL_CACHE_LOG_FORMAT=json} one ECS-style JSON object per
 * record, and {@link LogContext}, through which the application adds fields it alone knows (trace
 * and span ids, the model a line is about).
 *
 * <p>JDK only: Payara Micro loads this package from its own class path before any application is
 * deployed, so it must not import Jakarta EE, MicroProfile, OpenTelemetry or the engine.
 */
package dev.modelcache.logging;
