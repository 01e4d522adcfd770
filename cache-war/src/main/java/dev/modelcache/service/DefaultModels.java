package dev.modelcache.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The model repository bundled in the WAR under {@code WEB-INF/classes/default-models/}. ONNX
 * Runtime loads models from file paths, so a repository packed inside an archive ({@code jar:}, or
 * Open Liberty's {@code wsjar:}) is copied out to a temporary folder once; an exploded deployment
 * (Payara Micro's, GlassFish's, Liberty's with {@code autoExpand}) is used in place.
 */
final class DefaultModels {
  static final String RESOURCE = "default-models";

  private DefaultModels() {}

  /** The bundled repository as a folder, or empty if this build bundles none. */
  static Optional<Path> locate(ClassLoader loader) {
    URL marker = loader.getResource(RESOURCE + "/README.md");
    if (marker == null) {
      return Optional.empty();
    }
    try {
      if ("file".equals(marker.getProtocol())) {
        return Optional.of(Path.of(marker.toURI()).getParent());
      }
      if ("jar".equals(marker.getProtocol()) || "wsjar".equals(marker.getProtocol())) {
        return Optional.of(extract(marker));
      }
      return Optional.empty();
    } catch (URISyntaxException | IOException e) {
      throw new UncheckedIOException(new IOException("cannot open the bundled models", e));
    }
  }

  private static Path extract(URL marker) throws IOException {
    String spec = marker.getPath(); // file:/x/app.war!/WEB-INF/classes/default-models/README.md
    String archive = spec.substring("file:".length(), spec.indexOf("!/"));
    String prefix = spec.substring(spec.indexOf("!/") + 2, spec.lastIndexOf('/') + 1);
    Path target = Files.createTempDirectory("model-cache-default-models");
    try (JarFile jar = new JarFile(archive)) {
      for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
        if (entry.isDirectory() || !entry.getName().startsWith(prefix)) {
          continue;
        }
        Path file = target.resolve(entry.getName().substring(prefix.length())).normalize();
        if (!file.startsWith(target)) {
          continue; // never write outside the folder, whatever the archive says
        }
        Files.createDirectories(file.getParent());
        try (InputStream in = jar.getInputStream(entry)) {
          Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return target;
  }
}
