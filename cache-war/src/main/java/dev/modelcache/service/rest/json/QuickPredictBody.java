package dev.modelcache.service.rest.json;

import dev.modelcache.api.rest.PredictRequest;
import java.nio.charset.StandardCharsets;

/**
 * Reads the common {@code POST /predict} body straight from its bytes, without a JSON parser: one
 * object whose members are {@code "text"} and {@code "model_name"}, each at most once and each a
 * string, the names written without escapes, JSON white space between tokens, well-formed UTF-8
 * (Unicode's table 3-7, as Java's strict decoder checks it). Anything else (another field or type,
 * an escaped name, a duplicate, a control character in a string, trailing content, a malformed
 * byte) makes it answer null, and {@link StrictJsonReader} reads the body with its JSON-P parser,
 * which accepts or refuses it and words the error. It answers only what that parser would answer
 * for the same bytes, which {@code QuickPredictBodyTest} checks on generated and mutated bodies.
 * Not thread-safe; one per body.
 */
final class QuickPredictBody {
  private static final byte[] TEXT = "text\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MODEL_NAME = "model_name\"".getBytes(StandardCharsets.US_ASCII);

  private final byte[] bytes;
  private final int end;
  private int at;

  private QuickPredictBody(byte[] bytes, int length) {
    this.bytes = bytes;
    this.end = length;
  }

  /**
   * The request in the first {@code length} bytes of {@code bytes}, a whole body; or null if only
   * the strict reader may say what it is.
   */
  static PredictRequest read(byte[] bytes, int length) {
    return new QuickPredictBody(bytes, length).object();
  }

  private PredictRequest object() {
    if (!skipSpaceTo('{')) {
      return null;
    }
    at++;
    String text = null;
    String model = null;
    if (skipSpaceTo('}')) {
      at++;
    } else {
      while (true) {
        if (at >= end || bytes[at] != '"') {
          return null;
        }
        at++;
        boolean isText;
        if (text == null && startsWith(TEXT)) {
          isText = true;
          at += TEXT.length;
        } else if (model == null && startsWith(MODEL_NAME)) {
          isText = false;
          at += MODEL_NAME.length;
        } else {
          return null;
        }
        if (!skipSpaceTo(':')) {
          return null;
        }
        at++;
        if (!skipSpaceTo('"')) {
          return null;
        }
        at++;
        String value = string();
        if (value == null) {
          return null;
        }
        if (isText) {
          text = value;
        } else {
          model = value;
        }
        skipSpace();
        if (at >= end) {
          return null;
        }
        byte next = bytes[at++];
        if (next == '}') {
          break;
        }
        if (next != ',') {
          return null;
        }
        skipSpace();
      }
    }
    skipSpace();
    return at == end ? new PredictRequest(text, model) : null;
  }

  /** A string's value, from after its opening quote to after its closing one; or null. */
  private String string() {
    int start = at;
    boolean ascii = true;
    while (at < end) {
      int b = bytes[at] & 0xff;
      if (b == '"') {
        String value =
            new String(
                bytes,
                start,
                at - start,
                ascii ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        at++;
        return value;
      } else if (b == '\\') {
        return escaped(new StringBuilder(at - start + 16).append(decode(start, at)));
      } else if (b < 0x20) {
        return null;
      } else if (b < 0x80) {
        at++;
      } else {
        int n = sequence(at);
        if (n < 0) {
          return null;
        }
        at += n;
        ascii = false;
      }
    }
    return null;
  }

  /** The rest of a string with escapes, appended to {@code value}; or null. */
  private String escaped(StringBuilder value) {
    while (at < end) {
      int b = bytes[at] & 0xff;
      if (b == '"') {
        at++;
        return value.toString();
      } else if (b == '\\') {
        if (at + 1 >= end) {
          return null;
        }
        int c = unescape(bytes[at + 1]);
        if (c >= 0) {
          value.append((char) c);
          at += 2;
        } else if (bytes[at + 1] == 'u' && at + 6 <= end) {
          int code = 0;
          for (int i = at + 2; i < at + 6; i++) {
            int digit = Character.digit(bytes[i], 16);
            if (digit < 0) {
              return null;
            }
            code = code << 4 | digit;
          }
          value.append((char) code);
          at += 6;
        } else {
          return null;
        }
      } else if (b < 0x20) {
        return null;
      } else if (b < 0x80) {
        value.append((char) b);
        at++;
      } else {
        int n = sequence(at);
        if (n < 0) {
          return null;
        }
        value.append(decode(at, at + n));
        at += n;
      }
    }
    return null;
  }

  /** The character a one-letter escape stands for, or -1 ({@code \}{@code u} included). */
  private static int unescape(byte letter) {
    return switch (letter) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '/' -> '/';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      default -> -1;
    };
  }

  /**
   * The length of the well-formed UTF-8 sequence of two to four bytes at {@code i}, or -1: no
   * overlong forms, no surrogates, nothing above U+10FFFF, nothing cut short.
   */
  private int sequence(int i) {
    int b0 = bytes[i] & 0xff;
    int n;
    int low = 0x80;
    int high = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      n = 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      n = 3;
      if (b0 == 0xe0) {
        low = 0xa0;
      } else if (b0 == 0xed) {
        high = 0x9f;
      }
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      n = 4;
      if (b0 == 0xf0) {
        low = 0x90;
      } else if (b0 == 0xf4) {
        high = 0x8f;
      }
    } else {
      return -1;
    }
    if (i + n > end) {
      return -1;
    }
    int b1 = bytes[i + 1] & 0xff;
    if (b1 < low || b1 > high) {
      return -1;
    }
    for (int k = 2; k < n; k++) {
      int b = bytes[i + k] & 0xff;
      if (b < 0x80 || b > 0xbf) {
        return -1;
      }
    }
    return n;
  }

  /** Well-formed UTF-8 bytes {@code [from, to)} as characters. */
  private String decode(int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.UTF_8);
  }

  private boolean startsWith(byte[] expected) {
    if (at + expected.length > end) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (bytes[at + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** Skips JSON white space; then whether the next byte is {@code expected}. */
  private boolean skipSpaceTo(char expected) {
    skipSpace();
    return at < end && bytes[at] == expected;
  }

  private void skipSpace() {
    while (at < end) {
      byte b = bytes[at];
      if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
        return;
      }
      at++;
    }
  }
}
