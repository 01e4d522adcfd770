package dev.modelcache.service.rest.json;

import dev.modelcache.api.InvalidInputException;
import dev.modelcache.api.rest.BatchPredictRequest;
import dev.modelcache.api.rest.GenerateRequest;
import dev.modelcache.api.rest.PredictRequest;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one request body from a JSON-P streaming parser into its record, allowing exactly the
 * record's fields with their JSON types. Each problem is an {@link InvalidInputException} naming
 * the field; reading stops there. Stateless.
 */
final class Bodies {
  private static final int QUOTED_MAX = 40;

  private Bodies() {}

  /** The field types the requests use. */
  private enum Type {
    STRING("a string"),
    STRINGS("an array of strings"),
    BOOLEAN("true or false"),
    INTEGER("an integer"),
    LONG("an integer"),
    NUMBER("a number");

    final String description;

    Type(String description) {
      this.description = description;
    }
  }

  private static final Map<String, Type> PREDICT = predictFields();
  private static final Map<String, Type> BATCH = ordered("texts", Type.STRINGS);
  private static final Map<String, Type> GENERATE = generateFields();
  private static final String GENERATE_EXAMPLE =
      "{\"text\": \"...\", \"model_name\": \"...\", \"max_new_tokens\": 32}";
  private static final String PREDICT_EXAMPLE = "{\"text\": \"...\", \"model_name\": \"...\"}";
  private static final String BATCH_EXAMPLE =
      "{\"texts\": [\"...\", ...], \"model_name\": \"...\"}";

  /** The error for a body that is empty or only white space. */
  static InvalidInputException required(Class<?> type) {
    return new InvalidInputException(
        "a JSON body is required: "
            + (type == BatchPredictRequest.class
                ? BATCH_EXAMPLE
                : type == GenerateRequest.class ? GENERATE_EXAMPLE : PREDICT_EXAMPLE));
  }

  /**
   * {@code {"text": "...", "model_name": "..."}}, with zero-shot's optional {@code
   * candidate_labels}, {@code hypothesis_template} and {@code multi_label}; absent fields are null.
   */
  @SuppressWarnings("unchecked") // STRINGS fields are read as List<String> below
  static PredictRequest predict(JsonParser parser) {
    Map<String, Object> fields =
        object(parser, PREDICT, "{\"text\": \"...\", \"model_name\": \"...\"}");
    return new PredictRequest(
        (String) fields.get("text"),
        (String) fields.get("model_name"),
        (List<String>) fields.get("candidate_labels"),
        (String) fields.get("hypothesis_template"),
        (Boolean) fields.get("multi_label"));
  }

  /** {@code {"texts": ["...", ...], "model_name": "..."}}; absent fields are null. */
  @SuppressWarnings("unchecked") // STRINGS fields are read as List<String> below
  static BatchPredictRequest batch(JsonParser parser) {
    Map<String, Object> fields = object(parser, BATCH, BATCH_EXAMPLE);
    return new BatchPredictRequest(
        (List<String>) fields.get("texts"), (String) fields.get("model_name"));
  }

  private static Map<String, Type> predictFields() {
    Map<String, Type> fields = ordered("text", Type.STRING);
    fields.put("candidate_labels", Type.STRINGS);
    fields.put("hypothesis_template", Type.STRING);
    fields.put("multi_label", Type.BOOLEAN);
    return fields;
  }

  /**
   * {@code {"text": "...", "model_name": "...", "max_new_tokens": 32, "temperature": 0.8, "top_p":
   * 0.9, "seed": 42}}; absent fields are null.
   */
  static GenerateRequest generate(JsonParser parser) {
    Map<String, Object> fields = object(parser, GENERATE, GENERATE_EXAMPLE);
    return new GenerateRequest(
        (String) fields.get("text"),
        (String) fields.get("model_name"),
        (Integer) fields.get("max_new_tokens"),
        (Double) fields.get("temperature"),
        (Double) fields.get("top_p"),
        (Long) fields.get("seed"));
  }

  private static Map<String, Type> generateFields() {
    Map<String, Type> fields = ordered("text", Type.STRING);
    fields.put("max_new_tokens", Type.INTEGER);
    fields.put("temperature", Type.NUMBER);
    fields.put("top_p", Type.NUMBER);
    fields.put("seed", Type.LONG);
    return fields;
  }

  private static Map<String, Type> ordered(String first, Type type) {
    Map<String, Type> fields = new LinkedHashMap<>();
    fields.put(first, type);
    fields.put("model_name", Type.STRING);
    return fields;
  }

  private static Map<String, Object> object(
      JsonParser parser, Map<String, Type> expected, String example) {
    if (!parser.hasNext()) {
      throw new InvalidInputException("a JSON body is required: " + example);
    }
    Event start = parser.next();
    if (start != Event.START_OBJECT) {
      throw new InvalidInputException(
          "the body must be a JSON object like " + example + ", not " + describe(start));
    }
    Map<String, Object> values = new HashMap<>();
    for (Event event = parser.next(); event != Event.END_OBJECT; event = parser.next()) {
      String name = parser.getString();
      Type type = expected.get(name);
      if (type == null) {
        throw new InvalidInputException(
            "unknown field "
                + quote(name)
                + "; the fields are "
                + String.join(", ", expected.keySet()));
      }
      if (values.containsKey(name)) {
        throw new InvalidInputException("duplicate field " + quote(name));
      }
      values.put(
          name,
          switch (type) {
            case STRING -> string(parser, name);
            case STRINGS -> strings(parser, name);
            case BOOLEAN -> bool(parser, name);
            case INTEGER, LONG, NUMBER -> number(parser, name, type);
          });
    }
    if (parser.hasNext()) {
      throw new InvalidInputException("unexpected content after the JSON object");
    }
    return values;
  }

  private static String string(JsonParser parser, String field) {
    Event event = parser.next();
    if (event != Event.VALUE_STRING) {
      throw wrongType(field, Type.STRING, event);
    }
    return parser.getString();
  }

  private static Boolean bool(JsonParser parser, String field) {
    Event event = parser.next();
    if (event != Event.VALUE_TRUE && event != Event.VALUE_FALSE) {
      throw wrongType(field, Type.BOOLEAN, event);
    }
    return event == Event.VALUE_TRUE;
  }

  /** An integer (in range of an {@code int} or a {@code long}) or any finite number. */
  private static Object number(JsonParser parser, String field, Type type) {
    Event event = parser.next();
    if (event != Event.VALUE_NUMBER) {
      throw wrongType(field, type, event);
    }
    BigDecimal value = parser.getBigDecimal();
    if (type == Type.NUMBER) {
      return value.doubleValue();
    }
    // Checked on the stripped form first: 1e400000000 must not become a BigInteger.
    BigDecimal stripped = value.stripTrailingZeros();
    try {
      if (stripped.scale() > 0 || stripped.precision() - stripped.scale() > 19) {
        throw new ArithmeticException("not a 64-bit integer");
      }
      long integer = stripped.longValueExact();
      return type == Type.INTEGER ? (Object) Math.toIntExact(integer) : (Object) integer;
    } catch (ArithmeticException notAnInteger) {
      throw new InvalidInputException(
          field
              + " must be "
              + (type == Type.INTEGER ? "a 32-bit" : "a 64-bit")
              + " integer, not "
              + quote(value.toString()));
    }
  }

  private static List<String> strings(JsonParser parser, String field) {
    Event event = parser.next();
    if (event != Event.START_ARRAY) {
      throw wrongType(field, Type.STRINGS, event);
    }
    List<String> values = new ArrayList<>();
    for (event = parser.next(); event != Event.END_ARRAY; event = parser.next()) {
      if (event != Event.VALUE_STRING) {
        throw wrongType(field + "[" + values.size() + "]", Type.STRING, event);
      }
      values.add(parser.getString());
    }
    return values;
  }

  private static InvalidInputException wrongType(String field, Type expected, Event found) {
    return new InvalidInputException(
        field + " must be " + expected.description + ", not " + describe(found));
  }

  private static String describe(Event event) {
    return switch (event) {
      case START_OBJECT -> "an object";
      case START_ARRAY -> "an array";
      case VALUE_STRING -> "a string";
      case VALUE_NUMBER -> "a number";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case VALUE_NULL -> "null";
      default -> event.name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** A client's field name for a message: quoted, escaped outside printable ASCII, cut short. */
  static String quote(String value) {
    StringBuilder out = new StringBuilder("'");
    for (int i = 0; i < value.length() && i < QUOTED_MAX; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append(value.length() > QUOTED_MAX ? "...'" : "'").toString();
  }
}
