package dev.modelcache.engine.model.download;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One file to download with {@link HttpFetcher#download}: where from, where to, and what it must
 * be. Immutable.
 *
 * @param uri the file's URL; redirects are followed
 * @param authorization the {@code Authorization} header value, sent to the first host only
 * @param partial where the bytes go; bytes already there are resumed from when the server allows
 * @param expected the size and hashes the file must have, as far as they are known
 * @param limit the most bytes the file may have; more is refused as too large
 * @param label a short name for log lines and messages, e.g. {@code org/name onnx/model.onnx}
 */
public record Transfer(
    URI uri,
    Optional<String> authorization,
    Path partial,
    Expected expected,
    long limit,
    String label) {

  public Transfer {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(authorization, "authorization");
    Objects.requireNonNull(partial, "partial");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(label, "label");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0: " + limit);
    }
  }
}
