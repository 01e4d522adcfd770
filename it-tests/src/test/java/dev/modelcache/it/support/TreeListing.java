package dev.modelcache.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A folder's tree as sorted lines, for test output: links as {@code path -> target}. */
public final class TreeListing {
  private TreeListing() {}

  /** Every file, folder and link under {@code root}, relative to it, sorted. */
  public static List<String> of(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> !p.equals(root)).sorted().map(p -> line(root, p)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String line(Path root, Path path) {
    String name = root.relativize(path).toString();
    try {
      if (Files.isSymbolicLink(path)) {
        return name + " -> " + Files.readSymbolicLink(path);
      }
      return Files.isDirectory(path) ? name + "/" : name + " (" + Files.size(path) + " bytes)";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
