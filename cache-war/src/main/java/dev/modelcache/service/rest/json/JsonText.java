package dev.modelcache.service.rest.json;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Writes compact JSON exactly as the server's JSON-B (Yasson 3 on Parsson) writes the same values,
 * for answers written without JSON-B: no white space; strings escaped as Parsson escapes them
 * ({@code \"}, {@code \\}, {@code \b}, {@code \f}, {@code \n}, {@code \r}, {@code \t}, other
 * characters below U+0020 as {@code \}{@code u00xx}, everything else as is); a {@code double} as
 * {@link Double#toString(double)}; a {@code float} as Yasson writes one, {@code new
 * BigDecimal(Float.toString(f)).toString()} ({@code 1.0E-4f} is {@code 0.00010}). NaN and infinite
 * numbers have no JSON form and are refused, as JSON-B refuses them.
 *
 * <p>Nesting is tracked for commas only: the caller opens and closes objects and arrays in order.
 * Not thread-safe; one per document.
 */
public final class JsonText {
  private static final int MAX_DEPTH = 63;

  private final StringBuilder out;
  private long commaAt;
  private int depth;

  /**
   * @param capacity the characters expected, to size the buffer once
   */
  public JsonText(int capacity) {
    out = new StringBuilder(capacity);
  }

  /** Opens the top-level object, or an object as the next array element. */
  public JsonText beginObject() {
    separate();
    out.append('{');
    return push();
  }

  /** Opens an object as the value of {@code name}. */
  public JsonText beginObject(String name) {
    name(name);
    out.append('{');
    return push();
  }

  /** Opens an array as the value of {@code name}. */
  public JsonText beginArray(String name) {
    name(name);
    out.append('[');
    return push();
  }

  public JsonText endObject() {
    pop();
    out.append('}');
    return this;
  }

  public JsonText endArray() {
    pop();
    out.append(']');
    return this;
  }

  /** {@code "value"}, escaped: one string element of an open array. */
  public JsonText value(String value) {
    separate();
    string(value);
    return this;
  }

  /** {@code "name":"value"}, escaped. */
  public JsonText field(String name, String value) {
    name(name);
    string(value);
    return this;
  }

  /** {@code "name":value} as JSON-B writes a {@code double} or {@code Double}. */
  public JsonText field(String name, double value) {
    name(name);
    out.append(number(value));
    return this;
  }

  public JsonText field(String name, long value) {
    name(name);
    out.append(value);
    return this;
  }

  public JsonText field(String name, boolean value) {
    name(name);
    out.append(value);
    return this;
  }

  /** {@code "name":[...]} as JSON-B writes a {@code float[]}. */
  public JsonText field(String name, float[] values) {
    beginArray(name);
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(number(values[i]));
    }
    return endArray();
  }

  /** The document so far, as UTF-8 (an unpaired surrogate becomes {@code ?}, as on the wire). */
  public byte[] toUtf8() {
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A {@code double} as Parsson writes one. */
  public static String number(double value) {
    if (!Double.isFinite(value)) {
      throw new NumberFormatException("JSON has no form for " + value);
    }
    return Double.toString(value);
  }

  /**
   * A {@code float} as Yasson writes one: through a {@code BigDecimal} of its shortest decimal
   * form. That is the same text for values in plain notation ({@code 0.001 <= |f| < 1e7}), apart
   * from negative zero; smaller and larger ones change notation ({@code 1.0E-4} is {@code 0.00010},
   * {@code 1.0E7} is {@code 1.0E+7}).
   */
  public static String number(float value) {
    if (!Float.isFinite(value)) {
      throw new NumberFormatException("JSON has no form for " + value);
    }
    String shortest = Float.toString(value);
    if (value != 0 && shortest.indexOf('E') < 0) {
      return shortest;
    }
    return new BigDecimal(shortest).toString();
  }

  private void name(String name) {
    separate();
    string(name);
    out.append(':');
  }

  /** A comma before every value of an object or array but its first. */
  private void separate() {
    long bit = 1L << depth;
    if ((commaAt & bit) != 0) {
      out.append(',');
    } else {
      commaAt |= bit;
    }
  }

  private JsonText push() {
    if (depth == MAX_DEPTH) {
      throw new IllegalStateException("nested deeper than " + MAX_DEPTH);
    }
    depth++;
    commaAt &= ~(1L << depth);
    return this;
  }

  private void pop() {
    if (depth == 0) {
      throw new IllegalStateException("nothing open to close");
    }
    depth--;
  }

  private void string(String value) {
    out.append('"');
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(value, start, i);
      start = i + 1;
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    out.append(value, start, value.length()).append('"');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();
}
