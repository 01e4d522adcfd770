package dev.modelcache.service.lifecycle;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The temporary files Payara Micro makes at start and deletes in its own shutdown hook, which
 * {@code Runtime.halt} skips: its runtime folder ({@code payaramicro-rt<digits>tmp}, about 420 MB,
 * in the temporary folder when no {@code --rootdir} was given) and the copy of the deployed archive
 * ({@code app<digits>tmp}, about 155 MB, in {@code java.io.tmpdir}, named in that folder's {@code
 * config/domain.xml}). Left behind, every stop would leave about 570 MB. Nothing else is touched: a
 * runtime folder given with {@code --rootdir} is the operator's. Linux lets a process delete files
 * it still has open or mapped; where deleting fails, what is left is logged.
 */
final class PayaraTempFiles {
  private static final System.Logger LOG = System.getLogger(PayaraTempFiles.class.getName());
  private static final Pattern RUNTIME = Pattern.compile("payaramicro-rt\\d+tmp");
  private static final Pattern ARCHIVE = Pattern.compile("\"(app\\d+tmp)\"");

  private PayaraTempFiles() {}

  /** Deletes them, if this process runs in a temporary Payara Micro runtime folder. */
  static void delete() {
    String root = System.getProperty("com.sun.aas.instanceRoot");
    if (root != null) {
      delete(Path.of(root), Path.of(System.getProperty("java.io.tmpdir")));
    }
  }

  /**
   * Deletes {@code runtime} if it is a temporary runtime folder, and the archive copies in {@code
   * tmp} that its configuration names.
   */
  static void delete(Path runtimeFolder, Path tmpFolder) {
    Path runtime = runtimeFolder.toAbsolutePath().normalize();
    Path name = runtime.getFileName();
    if (name == null || !RUNTIME.matcher(name.toString()).matches()) {
      return;
    }
    Path tmp = tmpFolder.toAbsolutePath().normalize();
    try {
      for (String archive : archives(runtime.resolve("config/domain.xml"))) {
        Files.deleteIfExists(tmp.resolve(archive));
      }
      deleteTree(runtime);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "could not delete Payara Micro's temporary files: " + e);
    }
  }

  /** The names of the archive copies the server deployed, as its configuration records them. */
  static Set<String> archives(Path domainXml) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    if (Files.isRegularFile(domainXml)) {
      Matcher m = ARCHIVE.matcher(Files.readString(domainXml, StandardCharsets.UTF_8));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
