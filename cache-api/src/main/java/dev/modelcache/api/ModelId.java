package dev.modelcache.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A validated model name: a plain name ({@code spam-detector}) or a Hugging Face repository id
 * ({@code org/name}), with an optional revision ({@code org/name@main}).
 *
 * <p>Validation happens once, here, before any name reaches a file system or a URL: every segment
 * is made of ASCII letters, digits, {@code .}, {@code _} and {@code -}, starts and ends with a
 * letter or digit, and contains neither {@code ..} nor {@code --}. So {@code ..}, absolute paths,
 * backslashes, control characters, whitespace and over-long names are all rejected, and {@link
 * #pathSegments()} can be joined under a model directory without escaping it.
 *
 * <p>Instances are immutable and thread-safe; equality is on the canonical form {@link
 * #toString()}.
 */
public final class ModelId implements Comparable<ModelId> {

  /** The longest accepted name, revision included, in characters. */
  public static final int MAX_LENGTH = 200;

  private static final Pattern SEGMENT =
      Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?");
  private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,98})?");

  private final String namespace;
  private final String name;
  private final String revision;
  private final String canonical;

  private ModelId(String namespace, String name, String revision) {
    this.namespace = namespace;
    this.name = name;
    this.revision = revision;
    String repo = namespace == null ? name : namespace + "/" + name;
    this.canonical = revision == null ? repo : repo + "@" + revision;
  }

  /**
   * Parses and validates a model name.
   *
   * @param text the name as a user wrote it; not null
   * @return the validated id
   * @throws InvalidModelNameException if the name is empty, too long, or could escape a directory
   */
  public static ModelId of(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidModelNameException(text, "a model name is required");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidModelNameException(
          text, "longer than " + MAX_LENGTH + " characters (" + text.length() + ")");
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c) || Character.isWhitespace(c)) {
        throw new InvalidModelNameException(text, "contains a control or whitespace character");
      }
      if (c == '\\') {
        throw new InvalidModelNameException(text, "contains a backslash");
      }
    }
    String repo = text;
    String revision = null;
    int at = text.indexOf('@');
    if (at >= 0) {
      repo = text.substring(0, at);
      revision = text.substring(at + 1);
      if (!REVISION.matcher(revision).matches()) {
        throw new InvalidModelNameException(
            text, "the revision after '@' must be letters, digits, '.', '_' or '-'");
      }
    }
    String[] segments = repo.split("/", -1);
    if (segments.length > 2) {
      throw new InvalidModelNameException(text, "expected 'name' or 'organisation/name'");
    }
    for (String segment : segments) {
      if (!SEGMENT.matcher(segment).matches() || segment.contains("..") || segment.contains("--")) {
        throw new InvalidModelNameException(
            text,
            "each part must be letters, digits, '.', '_' or '-', start and end with a letter or"
                + " digit, and contain no '..' or '--'");
      }
    }
    return segments.length == 2
        ? new ModelId(segments[0], segments[1], revision)
        : new ModelId(null, segments[0], revision);
  }

  /** The organisation or user part of a Hugging Face id, if any. */
  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  /** The model's own name, without organisation or revision. */
  public String name() {
    return name;
  }

  /** The requested revision (branch, tag or commit), if any. */
  public Optional<String> revision() {
    return Optional.ofNullable(revision);
  }

  /** The repository id without revision: {@code name} or {@code org/name}. */
  public String repoId() {
    return namespace == null ? name : namespace + "/" + name;
  }

  /** This id without its revision. */
  public ModelId withoutRevision() {
    return revision == null ? this : new ModelId(namespace, name, null);
  }

  /**
   * The directory names under which a local model repository keeps this model: {@code [name]} or
   * {@code [org, name]}. Each is safe to resolve against a directory.
   */
  public List<String> pathSegments() {
    List<String> segments = new ArrayList<>(2);
    if (namespace != null) {
      segments.add(namespace);
    }
    segments.add(name);
    return Collections.unmodifiableList(segments);
  }

  @Override
  public int compareTo(ModelId other) {
    return canonical.compareTo(other.canonical);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ModelId && ((ModelId) other).canonical.equals(canonical);
  }

  @Override
  public int hashCode() {
    return canonical.hashCode();
  }

  /** The canonical form: {@code [org/]name[@revision]}. */
  @Override
  public String toString() {
    return canonical;
  }

  /**
   * Quotes a user-supplied value for an error message: anything outside printable ASCII (control
   * characters, bidirectional overrides, line separators) is escaped, and long values are cut.
   */
  static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(value.length(), 80) + 2).append('\'');
    for (int i = 0; i < value.length() && i < 80; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (value.length() > 80) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
