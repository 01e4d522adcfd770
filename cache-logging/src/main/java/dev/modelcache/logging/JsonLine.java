package dev.modelcache.logging;

/**
 * One JSON object on one line, written field by field: names and values are strings, escaped so
 * that no value can end the line or the object early (RFC 8259: quote, backslash and every control
 * character; a lone surrogate, which has no UTF-8 form, as its escape). Not thread-safe.
 */
final class JsonLine {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out = new StringBuilder(256);
  private boolean first = true;

  JsonLine() {
    out.append('{');
  }

  /** Adds a field; a null value is left out. */
  JsonLine field(String name, String value) {
    if (value == null) {
      return this;
    }
    if (!first) {
      out.append(',');
    }
    first = false;
    string(name);
    out.append(':');
    string(value);
    return this;
  }

  /** The object and a line feed. */
  String end() {
    return out.append('}').append('\n').toString();
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029 || c == 0x7f) {
            unicode(c);
          } else if (Character.isHighSurrogate(c)
              && i + 1 < s.length()
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            out.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            unicode(c);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private void unicode(char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xf])
        .append(HEX[(c >> 8) & 0xf])
        .append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }
}
