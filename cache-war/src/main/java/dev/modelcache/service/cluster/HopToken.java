package dev.modelcache.service.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@value #HEADER} header of a forwarded request: the sender's identity, an expiry and an
 * HMAC-SHA256 over both and the request's method and path, keyed with the cluster's secret. A
 * member that receives a request with a valid token runs it itself and never forwards it again (at
 * most one hop); a missing, expired or forged token is ignored (the request is routed like any
 * other), so the header cannot be used to make a member load models off its placement. Immutable
 * and thread-safe.
 */
final class HopToken {
  /** The header that carries the token. */
  static final String HEADER = "X-Model-Cache-Forwarded-By";

  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;
  private final LongSupplier clock;

  /**
   * @param secret the cluster's shared secret, at least 16 bytes
   * @param clock milliseconds since the epoch
   */
  HopToken(byte[] secret, LongSupplier clock) {
    if (secret.length < 16) {
      throw new IllegalArgumentException(
          "the cluster secret must have >= 16 bytes: " + secret.length);
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    this.clock = clock;
  }

  /** A token from {@code member} for a request, valid for {@code validMillis}. */
  String issue(String member, String method, String path, long validMillis) {
    long expiry = clock.getAsLong() + validMillis;
    return member + ";" + expiry + ";" + mac(member, expiry, method, path);
  }

  /**
   * The sending member of a valid token for this request, or null when the token is missing,
   * malformed, expired or not signed with this cluster's secret.
   */
  String verify(String token, String method, String path) {
    if (token == null) {
      return null;
    }
    String[] parts = token.split(";", -1);
    if (parts.length != 3) {
      return null;
    }
    long expiry;
    try {
      expiry = Long.parseLong(parts[1]);
    } catch (NumberFormatException e) {
      return null;
    }
    if (expiry < clock.getAsLong()) {
      return null;
    }
    byte[] expected = mac(parts[0], expiry, method, path).getBytes(StandardCharsets.US_ASCII);
    byte[] given = parts[2].getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? parts[0] : null;
  }

  private String mac(String member, long expiry, String method, String path) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] sum =
          mac.doFinal(
              (member + '\n' + expiry + '\n' + method + '\n' + path)
                  .getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sum);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
    }
  }
}
