package dev.modelcache.service.security;

import java.security.Principal;
import java.util.Set;

/**
 * Who made a request: the API key's id and roles, or nobody in particular (a public endpoint, or
 * authentication switched off), and always the client's address. Immutable.
 *
 * @param keyId the key's id, or null without a key
 * @param roles what the caller may do
 * @param address the client's IP address, as the server saw it
 */
public record Caller(String keyId, Set<Role> roles, String address) implements Principal {
  private static final Set<Role> ALL = Set.of(Role.values());

  public Caller {
    roles = Set.copyOf(roles);
  }

  /** A caller with this key. */
  public static Caller of(ApiKey key, String address) {
    return new Caller(key.id(), key.roles(), address);
  }

  /** A caller without a key and without roles: public endpoints. */
  public static Caller anonymous(String address) {
    return new Caller(null, Set.of(), address);
  }

  /** A caller without a key that may do everything: authentication is off. */
  public static Caller unchecked(String address) {
    return new Caller(null, ALL, address);
  }

  /** The key id, or {@code anonymous}. */
  @Override
  public String getName() {
    return keyId == null ? "anonymous" : keyId;
  }

  /**
   * What rate limits count against: the key, or the address for callers without one. Keys and
   * addresses cannot collide: the prefixes differ.
   */
  public String bucket() {
    return keyId == null ? "address " + address : "key " + keyId;
  }
}
