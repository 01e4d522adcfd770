package dev.modelcache.engine.model.download;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reading a remote server's JSON answer without trusting it: each accessor checks the type it
 * expects and throws an {@link IOException} that says which field of which answer was wrong and
 * how, so a malformed answer becomes the source's typed load error instead of a parser's runtime
 * exception. A missing field or {@code null} is "absent", which the caller decides about.
 * Stateless.
 */
public final class JsonAnswer {
  private final String what;
  private final JsonObject root;

  private JsonAnswer(String what, JsonObject root) {
    this.what = what;
    this.root = root;
  }

  /**
   * Parses {@code body}, which must be one JSON object.
   *
   * @param what the answer, for messages: e.g. {@code "MLflow's answer to model-versions/get"}
   * @throws IOException if it is not JSON, truncated, or not an object
   */
  public static JsonAnswer parse(String what, String body) throws IOException {
    JsonElement json;
    try {
      json = JsonParser.parseString(body);
    } catch (JsonParseException e) {
      throw new IOException(what + " is not valid JSON: " + firstLine(e.getMessage()), e);
    }
    if (!json.isJsonObject()) {
      throw new IOException(what + " is " + describe(json) + ", not a JSON object");
    }
    return new JsonAnswer(what, json.getAsJsonObject());
  }

  /** The answer's top-level object. */
  public JsonObject root() {
    return root;
  }

  /** A field that must be an object, if present. */
  public Optional<JsonObject> object(JsonObject in, String field) throws IOException {
    JsonElement value = present(in, field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isJsonObject()) {
      throw wrong(field, value, "an object");
    }
    return Optional.of(value.getAsJsonObject());
  }

  /** A field that must be an array, if present; its elements, of any type. */
  public List<JsonElement> array(JsonObject in, String field) throws IOException {
    JsonElement value = present(in, field);
    if (value == null) {
      return List.of();
    }
    if (!value.isJsonArray()) {
      throw wrong(field, value, "an array");
    }
    JsonArray array = value.getAsJsonArray();
    return array.asList();
  }

  /** An array element that must be an object. */
  public JsonObject element(JsonElement element, String array, int index) throws IOException {
    if (!element.isJsonObject()) {
      throw wrong(array + "[" + index + "]", element, "an object");
    }
    return element.getAsJsonObject();
  }

  /** A field that must be a string (a number is taken as its text), if present. */
  public Optional<String> string(JsonObject in, String field) throws IOException {
    JsonElement value = present(in, field);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isJsonPrimitive() && !value.getAsJsonPrimitive().isBoolean()) {
      return Optional.of(value.getAsString());
    }
    throw wrong(field, value, "a string");
  }

  /**
   * A field that must be a whole number from 0 to {@link Long#MAX_VALUE} (or a string of one, as
   * protobuf's JSON writes 64-bit integers), if present.
   */
  public OptionalLong count(JsonObject in, String field) throws IOException {
    JsonElement value = present(in, field);
    if (value == null) {
      return OptionalLong.empty();
    }
    if (value.isJsonPrimitive() && !value.getAsJsonPrimitive().isBoolean()) {
      JsonPrimitive primitive = value.getAsJsonPrimitive();
      try {
        BigDecimal number = new BigDecimal(primitive.getAsString().trim());
        if (number.signum() >= 0) {
          return OptionalLong.of(number.longValueExact());
        }
      } catch (ArithmeticException | NumberFormatException e) {
        // not a whole number in range: refused below
      }
    }
    throw wrong(field, value, "a whole number >= 0");
  }

  /** A field that must be a boolean, if present. */
  public Optional<Boolean> bool(JsonObject in, String field) throws IOException {
    JsonElement value = present(in, field);
    if (value == null) {
      return Optional.empty();
    }
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
      return Optional.of(value.getAsBoolean());
    }
    throw wrong(field, value, "a boolean");
  }

  /** The exception for a field that is present but unusable. */
  public IOException malformed(String detail) {
    return new IOException(what + " is malformed: " + detail);
  }

  private static JsonElement present(JsonObject in, String field) {
    JsonElement value = in.get(field);
    return value == null || value.isJsonNull() ? null : value;
  }

  private IOException wrong(String field, JsonElement value, String expected) {
    return malformed(field + " is " + describe(value) + ", not " + expected);
  }

  /** A value's type and a short excerpt, for messages. */
  private static String describe(JsonElement value) {
    String type;
    if (value.isJsonObject()) {
      type = "an object";
    } else if (value.isJsonArray()) {
      type = "an array";
    } else if (value.isJsonNull()) {
      return "null";
    } else if (value.getAsJsonPrimitive().isBoolean()) {
      type = "a boolean";
    } else if (value.getAsJsonPrimitive().isNumber()) {
      type = "a number";
    } else {
      type = "a string";
    }
    String text = value.toString();
    return type + " (" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + ")";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
