package dev.modelcache.service.security;

import dev.modelcache.api.UnauthorizedException;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the secret in a request's headers: {@code Authorization: Bearer <secret>} or {@code
 * X-API-Key: <secret>}. Both may be sent if they agree. Messages say what was wrong with the
 * header, never what it held. Stateless.
 */
public final class Credentials {
  public static final String API_KEY_HEADER = "X-API-Key";
  private static final String BEARER = "Bearer";

  private Credentials() {}

  /**
   * The secret sent, if any.
   *
   * @param authorization the {@code Authorization} header, or null
   * @param apiKey the {@code X-API-Key} header, or null
   * @throws UnauthorizedException if a header is there but unusable, or the two disagree
   */
  public static Optional<String> secret(String authorization, String apiKey) {
    String bearer = null;
    if (authorization != null) {
      String[] parts = authorization.strip().split("\\s+", 2);
      if (!parts[0].equalsIgnoreCase(BEARER)) {
        throw new UnauthorizedException(
            "the Authorization header must use the Bearer scheme ('Authorization: Bearer <key>');"
                + " scheme '"
                + printable(parts[0])
                + "' is not accepted");
      }
      bearer = parts.length == 2 ? parts[1].strip() : "";
      if (bearer.isEmpty()) {
        throw new UnauthorizedException("the Authorization header has no key after 'Bearer'");
      }
    }
    String header = apiKey == null ? null : apiKey.strip();
    if (header != null && header.isEmpty()) {
      throw new UnauthorizedException("the X-API-Key header is empty");
    }
    if (bearer != null && header != null && !bearer.equals(header)) {
      throw new UnauthorizedException(
          "Authorization and X-API-Key carry different keys; send one key");
    }
    return Optional.ofNullable(bearer != null ? bearer : header);
  }

  private static String printable(String scheme) {
    String printable = scheme.replaceAll("[^A-Za-z0-9._-]", "?");
    return printable.length() > 20
        ? printable.substring(0, 20) + "..."
        : printable.toLowerCase(Locale.ROOT);
  }
}
