package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;

/**
 * {@code GET /logs}: the most recent events, newest last.
 *
 * @param logs the events
 */
public record LogsResponse(@JsonbProperty("logs") List<LogEntry> logs) {}
