/**
 * Traces and log fields: {@link dev.modelcache.service.telemetry.Telemetry} decides at start-up
 * whether the service traces (MicroProfile Telemetry's {@code otel.sdk.disabled=false}, i.e. {@code
 * OTEL_SDK_DISABLED=false}), and hands the engine its {@link dev.modelcache.engine.trace.Tracing},
 * the lean {@code /predict} door its {@link dev.modelcache.service.telemetry.ServerSpans}, and the
 * server log the fields it adds ({@link dev.modelcache.service.telemetry.LogFields}).
 *
 * <p>Only the {@code Otel*} classes import OpenTelemetry, and they are loaded only when tracing is
 * on: with it off (the default) the service runs, and loads, without the OpenTelemetry API.
 */
package dev.modelcache.service.telemetry;
