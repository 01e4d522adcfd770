package dev.modelcache.service.security;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads API keys from the two settings. Error messages name the setting, the entry or line and the
 * key id, never the secret. Stateless.
 *
 * <ul>
 *   <li>{@code MODEL_CACHE_API_KEYS}: comma-separated {@code id:role+role:secret} entries.
 *   <li>{@code MODEL_CACHE_API_KEYS_FILE}: one {@code id role+role secret} per line (fields
 *       separated by white space); blank lines and lines starting with {@code #} are skipped.
 * </ul>
 *
 * <p>A secret is either {@code sha256:} and the 64 hex digits of the SHA-256 of the real secret
 * (the recommended form: the file then holds nothing that opens the service), or the secret itself,
 * which must be {@value #MIN_SECRET_LENGTH} to 512 printable ASCII characters without spaces or
 * commas.
 */
public final class ApiKeyParser {
  /** The shortest plain secret accepted, in characters. */
  public static final int MIN_SECRET_LENGTH = 16;

  private static final int MAX_SECRET_LENGTH = 512;

  private ApiKeyParser() {}

  /** The keys of {@code MODEL_CACHE_API_KEYS}; empty if the value is blank. */
  public static List<ApiKey> inline(String value) {
    List<ApiKey> keys = new ArrayList<>();
    String[] entries = value.split(",", -1);
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].trim();
      if (entry.isEmpty()) {
        continue;
      }
      String where = "MODEL_CACHE_API_KEYS entry " + (i + 1);
      String[] fields = entry.split(":", 3);
      if (fields.length != 3) {
        throw new IllegalArgumentException(
            where + ": expected id:role+role:secret (or id:role:sha256:<hex>)");
      }
      keys.add(key(where, fields[0], fields[1], fields[2]));
    }
    return keys;
  }

  /** The keys of a key file's lines; {@code source} names the file in messages. */
  public static List<ApiKey> file(List<String> lines, String source) {
    List<ApiKey> keys = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      String[] fields = line.split("\\s+");
      if (fields.length != 3) {
        throw new IllegalArgumentException(
            where + ": expected three fields, 'id role+role sha256:<hex>' (or a plain secret)");
      }
      keys.add(key(where, fields[0], fields[1], fields[2]));
    }
    return keys;
  }

  private static ApiKey key(String where, String id, String roleList, String secret) {
    try {
      return new ApiKey(id, roles(roleList), digest(secret));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }

  private static Set<Role> roles(String list) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : list.split("\\+", -1)) {
      roles.add(Role.parse(name.trim()));
    }
    return roles;
  }

  private static byte[] digest(String secret) {
    if (secret.startsWith(Digests.PREFIX)) {
      return Digests.parse(secret);
    }
    if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "a plain secret must have "
              + MIN_SECRET_LENGTH
              + " to "
              + MAX_SECRET_LENGTH
              + " characters, this one has "
              + secret.length()
              + " (make one with: head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \\n')");
    }
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (c <= ' ' || c > '~' || c == ',') {
        throw new IllegalArgumentException(
            "a plain secret may hold printable ASCII other than space and ',' only; character "
                + (i + 1)
                + " is not");
      }
    }
    return Digests.sha256(secret);
  }
}
