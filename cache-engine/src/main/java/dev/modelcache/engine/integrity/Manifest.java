package dev.modelcache.engine.integrity;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code SHA256SUMS} file, in the format {@code sha256sum} writes: one {@code <64 hex
 * digits> <path>} line per file, or {@code <hex> *<path>} for the binary marker. Paths are relative
 * to the model folder, use {@code /}, and may not leave it ({@code ..}) or be absolute. Blank lines
 * are ignored; anything else that is not such a line, the escaped names {@code sha256sum} writes
 * for names with a backslash or a newline, and a path listed twice are errors. Immutable.
 *
 * @param digests lower-case hex digest by normalised relative path ({@code ./a} becomes {@code a}),
 *     sorted by path
 */
public record Manifest(Map<String, String> digests) {
  /** The manifest's file name in a model folder. */
  public static final String FILE_NAME = "SHA256SUMS";

  private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

  public Manifest {
    digests = Collections.unmodifiableMap(new TreeMap<>(digests));
  }

  /**
   * Parses the lines of a manifest.
   *
   * @throws IllegalArgumentException naming the line that is malformed, escapes the folder or
   *     repeats a path
   */
  public static Manifest parse(List<String> lines) {
    Map<String, String> digests = new TreeMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      int number = i + 1;
      if (line.startsWith("\\")) {
        throw new IllegalArgumentException(
            "line " + number + ": escaped file names are not supported: " + shorten(line));
      }
      Matcher m = LINE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException(
            "line "
                + number
                + " is not '<sha256 hex>  <path>' (as sha256sum writes): "
                + shorten(line));
      }
      String path = normalise(m.group(2), number);
      if (digests.put(path, m.group(1).toLowerCase(Locale.ROOT)) != null) {
        throw new IllegalArgumentException("line " + number + " lists " + path + " a second time");
      }
    }
    return new Manifest(digests);
  }

  /** The listed relative paths, sorted. */
  public List<String> paths() {
    return List.copyOf(digests.keySet());
  }

  private static String normalise(String listed, int number) {
    Path path;
    try {
      path = Path.of(listed).normalize();
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(
          "line " + number + ": not a file path: " + shorten(listed), e);
    }
    String text = path.toString().replace('\\', '/');
    if (path.isAbsolute() || listed.startsWith("/")) {
      throw new IllegalArgumentException(
          "line " + number + ": " + shorten(listed) + " is absolute; paths must be relative");
    }
    if (text.isEmpty() || text.equals("..") || text.startsWith("../")) {
      throw new IllegalArgumentException(
          "line " + number + ": " + shorten(listed) + " is outside the model folder");
    }
    return text;
  }

  private static String shorten(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "...";
  }
}
