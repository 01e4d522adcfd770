package dev.modelcache.service.audit;

import java.util.Locale;

/**
 * One audited event. Fields that do not apply are null and written as JSON nulls, so every line has
 * the same keys.
 *
 * @param event what happened: {@code preload}, {@code unload}, {@code clear_cache}, {@code config}
 *     or {@code auth_failure}
 * @param keyId the API key's id; null without a key
 * @param client the client's address; null for events of the service itself
 * @param model the model acted on, as named in the request; null if none
 * @param outcome {@code ok}, {@code error} or {@code denied}
 * @param status the HTTP status answered; null for events without a request
 * @param detail a short free text: the action's result, the error, the configuration
 */
public record AuditEvent(
    String event,
    String keyId,
    String client,
    String model,
    String outcome,
    Integer status,
    String detail) {

  /** An administrative request and how it ended. */
  public static AuditEvent request(
      String event, String keyId, String client, String model, int status, String detail) {
    return new AuditEvent(
        event, keyId, client, model, status < 400 ? "ok" : "error", status, detail);
  }

  /** A request refused by authentication (401) or authorization (403). */
  public static AuditEvent refused(
      String keyId, String client, String method, String path, int status, String reason) {
    return new AuditEvent(
        "auth_failure",
        keyId,
        client,
        null,
        "denied",
        status,
        method.toUpperCase(Locale.ROOT) + " /" + path + ": " + reason);
  }

  /** The effective configuration, at start-up. */
  public static AuditEvent config(String description) {
    return new AuditEvent("config", null, null, null, "ok", null, description);
  }
}
