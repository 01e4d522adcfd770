package dev.modelcache.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP answer as the client saw it: status, content type and the raw body. Assertions print the
 * request and body, so a failure says what the service answered.
 *
 * @param request the method and path, for messages
 * @param status the HTTP status
 * @param contentType the Content-Type, or null if none
 * @param body the body as text, empty if none
 * @param headers the response headers by lower-case name, first value only
 */
public record Reply(
    String request, int status, MediaType contentType, String body, Map<String, String> headers) {

  public Reply {
    headers = Map.copyOf(headers);
  }

  /** An answer whose headers were not kept. */
  public Reply(String request, int status, MediaType contentType, String body) {
    this(request, status, contentType, body, Map.of());
  }

  /** The first value of a response header, or null; the name is case-insensitive. */
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** Asserts a 200 with a JSON object body, and returns that object. */
  public JsonObject ok() {
    return json(200);
  }

  /** Asserts this status and a JSON object body, and returns that object. */
  public JsonObject json(int expectedStatus) {
    assertEquals(expectedStatus, status, this::describe);
    assertJsonType();
    JsonStructure parsed = parse();
    assertTrue(parsed instanceof JsonObject, () -> "not a JSON object: " + describe());
    return (JsonObject) parsed;
  }

  /**
   * Asserts the service's one error shape: exactly {@code error}, {@code message} and {@code
   * status}, the status repeated in the body, and a non-empty message.
   *
   * @return the message, for further checks
   */
  public String error(int expectedStatus, String expectedCode) {
    JsonObject error = json(expectedStatus);
    assertEquals(Set.of("error", "message", "status"), error.keySet(), this::describe);
    assertEquals(expectedCode, error.getString("error"), this::describe);
    assertEquals(expectedStatus, error.getInt("status"), this::describe);
    String message = error.getString("message");
    assertFalse(message.isBlank(), this::describe);
    return message;
  }

  /** The request, the status and the body, for assertion messages. */
  public String describe() {
    return request + " -> " + status + " " + contentType + ": " + body;
  }

  private void assertJsonType() {
    assertNotNull(contentType, () -> "no Content-Type: " + describe());
    assertTrue(
        contentType.isCompatible(MediaType.APPLICATION_JSON_TYPE), () -> "not JSON: " + describe());
  }

  private JsonStructure parse() {
    try (JsonReader reader = Json.createReader(new StringReader(body))) {
      return reader.read();
    } catch (RuntimeException e) {
      throw new AssertionError("unparseable JSON: " + describe(), e);
    }
  }
}
