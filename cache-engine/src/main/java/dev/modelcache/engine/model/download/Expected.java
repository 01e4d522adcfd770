package dev.modelcache.engine.model.download;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a downloaded file must be, as far as it is known in advance.
 *
 * @param size its size in bytes, or -1 if unknown
 * @param sha256 its SHA-256, lower-case hex, if known (a Hub LFS file's {@code X-Linked-Etag})
 * @param gitSha1 its git blob SHA-1, lower-case hex, if known (a Hub git file's {@code ETag});
 *     checking it needs the size
 */
public record Expected(long size, Optional<String> sha256, Optional<String> gitSha1) {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern SHA1 = Pattern.compile("[0-9a-f]{40}");

  public Expected {
    if (size < -1) {
      throw new IllegalArgumentException("size must be >= 0, or -1 if unknown: " + size);
    }
    sha256 = sha256.map(h -> h.toLowerCase(Locale.ROOT));
    gitSha1 = gitSha1.map(h -> h.toLowerCase(Locale.ROOT));
    sha256.ifPresent(h -> check(SHA256, h, "sha256"));
    gitSha1.ifPresent(h -> check(SHA1, h, "gitSha1"));
    if (gitSha1.isPresent() && size < 0) {
      throw new IllegalArgumentException("a git blob SHA-1 can only be checked with a known size");
    }
  }

  /** Nothing known: any content of any size (up to the caller's limit). */
  public static Expected unknown() {
    return new Expected(-1, Optional.empty(), Optional.empty());
  }

  /** A file of a known size only. */
  public static Expected ofSize(long size) {
    return new Expected(size, Optional.empty(), Optional.empty());
  }

  private static void check(Pattern pattern, String hex, String what) {
    if (!pattern.matcher(hex).matches()) {
      throw new IllegalArgumentException(what + " is not a hex digest: " + hex);
    }
  }
}
