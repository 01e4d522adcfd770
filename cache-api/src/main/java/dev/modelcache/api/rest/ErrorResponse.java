package dev.modelcache.api.rest;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The one shape of every error body.
 *
 * @param error a machine-readable code, e.g. {@code model_not_found}
 * @param message what was wrong and what to do about it
 * @param status the HTTP status, repeated for clients that only keep the body
 */
@JsonbPropertyOrder({"error", "message", "status"})
public record ErrorResponse(
    @JsonbProperty("error") String error,
    @JsonbProperty("message") String message,
    @JsonbProperty("status") int status) {}
