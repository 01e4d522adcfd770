package dev.modelcache.engine.model.download;

import java.util.Map;
import java.util.Optional;

/**
 * A download that completed and passed its checks; its bytes are in the temporary file, flushed to
 * disk, ready to be renamed into place.
 *
 * @param size bytes in the file
 * @param sha256 the file's SHA-256, lower-case hex
 * @param firstHeaders the headers of the first response (before any redirect), names
 *     case-insensitive; empty if the file was already complete on disk
 */
public record Fetched(long size, String sha256, Map<String, String> firstHeaders) {

  public Fetched {
    firstHeaders = Map.copyOf(firstHeaders);
  }

  /** A header of the first response, looked up case-insensitively. */
  public Optional<String> header(String name) {
    return firstHeaders.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .findFirst();
  }
}
