package dev.modelcache.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A validated model name: a plain name ({@code spam-detector}) or a Hugging Face repository id
 * ({@code org/name}), with an optional revision ({@code org/name@main}); or an MLflow registry
 * name, {@code models:/name/version} or {@code models:/name@alias} ({@link #isRegistry()}).
 *
 * <p>Validation happens once, here, before any name reaches a file system or a URL: every segment
 * is made of ASCII letters, digits, {@code .}, {@code _} and {@code -}, starts and ends with a
 * letter or digit, and contains neither {@code ..} nor {@code --}. So {@code ..}, absolute paths,
 * backslashes, control characters, whitespace and over-long names are all rejected, and {@link
 * #pathSegments()} can be joined under a model directory without escaping it. A registered model's
 * name follows the same rules as one segment; its version is a positive decimal number without
 * leading zeros, and its alias is letters, digits, {@code _} and {@code -} (MLflow's alias
 * characters) other than those MLflow reserves for versions ({@code v1}, {@code V2}, ...); {@code
 * latest} is passed on, as newer MLflow servers resolve it to the latest version.
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

  /**
   * The scheme MLflow uses for registered models: {@code models:/name/1}, {@code models:/name@a}.
   */
  public static final String REGISTRY_PREFIX = "models:/";

  private static final Pattern VERSION = Pattern.compile("[1-9][0-9]{0,8}");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9_-]{1,100}");
  private static final Pattern VERSION_ALIAS = Pattern.compile("[vV][0-9]+");

  private final String namespace;
  private final String name;
  private final String revision;
  private final boolean registry;
  private final int registryVersion;
  private final String registryAlias;
  private final String canonical;

  private ModelId(String namespace, String name, String revision) {
    this.namespace = namespace;
    this.name = name;
    this.revision = revision;
    this.registry = false;
    this.registryVersion = 0;
    this.registryAlias = null;
    String repo = namespace == null ? name : namespace + "/" + name;
    this.canonical = revision == null ? repo : repo + "@" + revision;
  }

  private ModelId(String registeredName, int version, String alias) {
    this.namespace = null;
    this.name = registeredName;
    this.revision = null;
    this.registry = true;
    this.registryVersion = version;
    this.registryAlias = alias;
    this.canonical =
        REGISTRY_PREFIX + registeredName + (alias == null ? "/" + version : "@" + alias);
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
    if (text.startsWith(REGISTRY_PREFIX)) {
      return registry(text);
    }
    if (text.indexOf(':') >= 0) {
      throw new InvalidModelNameException(
          text,
          "contains ':'; an MLflow registry name is 'models:/name/version' or"
              + " 'models:/name@alias'");
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
      checkSegment(text, segment);
    }
    return segments.length == 2
        ? new ModelId(segments[0], segments[1], revision)
        : new ModelId(null, segments[0], revision);
  }

  /** Parses {@code models:/name/version} or {@code models:/name@alias}. */
  private static ModelId registry(String text) {
    String rest = text.substring(REGISTRY_PREFIX.length());
    int at = rest.indexOf('@');
    int slash = rest.indexOf('/');
    if ((at < 0) == (slash < 0)) {
      throw new InvalidModelNameException(
          text, "expected 'models:/name/version' or 'models:/name@alias'");
    }
    int split = at >= 0 ? at : slash;
    String registeredName = rest.substring(0, split);
    String suffix = rest.substring(split + 1);
    checkSegment(text, registeredName);
    if (at >= 0) {
      if (!ALIAS.matcher(suffix).matches()) {
        throw new InvalidModelNameException(
            text, "the alias after '@' must be 1 to 100 letters, digits, '_' or '-'");
      }
      if (VERSION_ALIAS.matcher(suffix).matches()) {
        throw new InvalidModelNameException(
            text,
            "MLflow reserves aliases like '"
                + suffix
                + "' for versions; name the version instead: models:/name/"
                + suffix.substring(1));
      }
      return new ModelId(registeredName, 0, suffix);
    }
    if (!VERSION.matcher(suffix).matches()) {
      throw new InvalidModelNameException(
          text, "the version after '/' must be a positive number without leading zeros");
    }
    return new ModelId(registeredName, Integer.parseInt(suffix), null);
  }

  private static void checkSegment(String text, String segment) {
    if (!SEGMENT.matcher(segment).matches() || segment.contains("..") || segment.contains("--")) {
      throw new InvalidModelNameException(
          text,
          "each part must be letters, digits, '.', '_' or '-', start and end with a letter or"
              + " digit, and contain no '..' or '--'");
    }
  }

  /** Whether this names a model in an MLflow registry ({@code models:/...}). */
  public boolean isRegistry() {
    return registry;
  }

  /** The registered model version of {@code models:/name/version}; empty otherwise. */
  public OptionalInt registryVersion() {
    return registry && registryAlias == null
        ? OptionalInt.of(registryVersion)
        : OptionalInt.empty();
  }

  /** The alias of {@code models:/name@alias}; empty otherwise. */
  public Optional<String> registryAlias() {
    return Optional.ofNullable(registryAlias);
  }

  /** The organisation or user part of a Hugging Face id, if any; empty for a registry name. */
  public Optional<String> namespace() {
    return Optional.ofNullable(namespace);
  }

  /**
   * The model's own name, without organisation or revision; for a registry name, the registered
   * model's name.
   */
  public String name() {
    return name;
  }

  /** The requested Hub revision (branch, tag or commit), if any; empty for a registry name. */
  public Optional<String> revision() {
    return Optional.ofNullable(revision);
  }

  /**
   * The repository id without revision: {@code name} or {@code org/name}; {@code models:/name} for
   * a registry name.
   */
  public String repoId() {
    if (registry) {
      return REGISTRY_PREFIX + name;
    }
    return namespace == null ? name : namespace + "/" + name;
  }

  /** This id without its revision; a registry name is returned as it is. */
  public ModelId withoutRevision() {
    return revision == null ? this : new ModelId(namespace, name, null);
  }

  /**
   * The directory names under which a local model repository keeps this model: {@code [name]} or
   * {@code [org, name]}. Each is safe to resolve against a directory.
   *
   * @throws IllegalStateException for a registry name, which has no place in a model folder
   */
  public List<String> pathSegments() {
    if (registry) {
      throw new IllegalStateException(
          "a registry name has no local path; check isRegistry() first: " + canonical);
    }
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

  /**
   * The canonical form: {@code [org/]name[@revision]}, or {@code models:/name/version} or {@code
   * models:/name@alias}: the text as it was written.
   */
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
