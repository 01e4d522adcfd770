package dev.modelcache.service.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of secrets, and the {@code sha256:<hex>} form of a stored key. Stateless. */
final class Digests {
  static final int LENGTH = 32;
  static final String PREFIX = "sha256:";

  private Digests() {}

  /** SHA-256 of the secret's UTF-8 bytes. */
  static byte[] sha256(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * The digest written as {@code sha256:} and 64 hexadecimal digits (either case).
   *
   * @throws IllegalArgumentException if it is not exactly that
   */
  static byte[] parse(String text) {
    String hex = text.substring(PREFIX.length());
    if (hex.length() != 2 * LENGTH || !hex.matches("[0-9a-fA-F]+")) {
      throw new IllegalArgumentException(
          "a hashed secret is 'sha256:' followed by 64 hexadecimal digits (the output of"
              + " 'printf %s SECRET | sha256sum'), this one has "
              + hex.length()
              + " characters after the prefix");
    }
    return HexFormat.of().parseHex(hex);
  }
}
