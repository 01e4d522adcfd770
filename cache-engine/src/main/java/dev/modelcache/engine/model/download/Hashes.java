package dev.modelcache.engine.model.download;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The digests of one file, computed while it streams: SHA-256 always, and the git blob SHA-1
 * ({@code sha1("blob " + size + "\0" + bytes)}, the Hub's {@code ETag} of a non-LFS file) when one
 * is expected. One thread at a time; {@link #sha256Of} is a thread-safe static helper.
 */
public final class Hashes {
  private final MessageDigest sha256 = digest("SHA-256");
  private final MessageDigest gitSha1;

  Hashes(Expected expected) {
    if (expected.gitSha1().isPresent()) {
      gitSha1 = digest("SHA-1");
      gitSha1.update(("blob " + expected.size() + "\0").getBytes(StandardCharsets.US_ASCII));
    } else {
      gitSha1 = null;
    }
  }

  void update(byte[] bytes, int length) {
    sha256.update(bytes, 0, length);
    if (gitSha1 != null) {
      gitSha1.update(bytes, 0, length);
    }
  }

  /** Feeds the whole of a file, e.g. the part an earlier attempt left. */
  void updateFrom(Path file) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        update(buffer, n);
      }
    }
  }

  /** The SHA-256 so far, lower-case hex; call once, at the end. */
  String sha256() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** The git blob SHA-1, lower-case hex, or null if none was expected; call once, at the end. */
  String gitSha1() {
    return gitSha1 == null ? null : HexFormat.of().formatHex(gitSha1.digest());
  }

  /** The SHA-256 of a whole file, lower-case hex. */
  public static String sha256Of(Path file) throws IOException {
    Hashes hashes = new Hashes(Expected.unknown());
    hashes.updateFrom(file);
    return hashes.sha256();
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required of every JVM", e);
    }
  }
}
