package dev.modelcache.service.security;

import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One configured API key: its public id (what logs and rate limits name), its roles, and the
 * SHA-256 digest of its secret. The secret itself is not kept. Immutable and thread-safe.
 */
public final class ApiKey {
  /** Ids are short and safe to print: letters, digits, {@code .}, {@code _}, {@code -}. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final String id;
  private final Set<Role> roles;
  private final byte[] digest;

  /**
   * @param id the key's public name; must match {@link #ID}
   * @param roles at least one role
   * @param digest the 32-byte SHA-256 digest of the secret's UTF-8 bytes; copied
   */
  public ApiKey(String id, Set<Role> roles, byte[] digest) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a key id must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit: '"
              + id
              + "'");
    }
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("key '" + id + "' has no role");
    }
    if (digest.length != Digests.LENGTH) {
      throw new IllegalArgumentException(
          "key '" + id + "': a SHA-256 digest has 32 bytes, not " + digest.length);
    }
    this.id = id;
    this.roles = Set.copyOf(EnumSet.copyOf(roles));
    this.digest = digest.clone();
  }

  public String id() {
    return id;
  }

  /** The key's roles; unmodifiable. */
  public Set<Role> roles() {
    return roles;
  }

  /** Whether {@code presented} (a digest) is this key's, compared in constant time. */
  boolean matches(byte[] presented) {
    return MessageDigest.isEqual(digest, presented);
  }

  /** Whether two keys share a secret. */
  boolean sameSecretAs(ApiKey other) {
    return MessageDigest.isEqual(digest, other.digest);
  }

  /** The id and roles; never the digest. */
  @Override
  public String toString() {
    return id + roles.stream().map(Role::id).sorted().toList();
  }
}
