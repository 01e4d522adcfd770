package dev.modelcache.engine.integrity;

import dev.modelcache.engine.model.download.Hashes;
import java.io.IOException;
import java.nio.file.Path;

/** SHA-256 of a file, as {@code sha256sum} prints it. Stateless; thread-safe. */
final class Sha256 {
  private Sha256() {}

  /** The file's digest as 64 lower-case hex digits (the download package's streamed hasher). */
  static String of(Path file) throws IOException {
    return Hashes.sha256Of(file);
  }
}
