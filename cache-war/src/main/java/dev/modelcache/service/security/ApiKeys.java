package dev.modelcache.service.security;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configured keys. A presented secret is hashed once and compared with every key's digest in
 * constant time, without stopping at a match, so neither the time taken nor the answer says which
 * keys exist or how close a guess came. Immutable and thread-safe.
 */
public final class ApiKeys {
  private final List<ApiKey> keys;

  private ApiKeys(List<ApiKey> keys) {
    this.keys = keys;
  }

  /**
   * @param keys the keys, in any order
   * @throws IllegalArgumentException if two keys share an id or a secret
   */
  public static ApiKeys of(List<ApiKey> keys) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      ApiKey key = keys.get(i);
      if (!ids.add(key.id())) {
        throw new IllegalArgumentException("two API keys have the id '" + key.id() + "'");
      }
      for (int j = 0; j < i; j++) {
        if (key.sameSecretAs(keys.get(j))) {
          throw new IllegalArgumentException(
              "API keys '" + keys.get(j).id() + "' and '" + key.id() + "' have the same secret");
        }
      }
    }
    return new ApiKeys(List.copyOf(keys));
  }

  /** No keys at all. */
  public static ApiKeys none() {
    return new ApiKeys(List.of());
  }

  /**
   * The key whose secret this is.
   *
   * @param secret what the client sent; not null
   */
  public Optional<ApiKey> find(String secret) {
    byte[] presented = Digests.sha256(secret);
    ApiKey found = null;
    for (ApiKey key : keys) {
      if (key.matches(presented)) {
        found = key;
      }
    }
    return Optional.ofNullable(found);
  }

  public boolean isEmpty() {
    return keys.isEmpty();
  }

  /** Every key, for describing the configuration; secrets are not part of a key. */
  public List<ApiKey> all() {
    return keys;
  }
}
