package dev.modelcache.service.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelcache.service.ModelCacheService;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rule that lets the WAR deploy on servers without MicroProfile: only classes in a package
 * named {@code mp} refer to a MicroProfile type. The one exception is MicroProfile OpenAPI's
 * annotations on resources, which the JVM drops where their types are missing. Read from the
 * compiled classes' constant pools, so a new import anywhere else fails here before it fails a
 * deployment.
 */
class MicroProfileStaysInMpPackagesTest {
  private static final Pattern MICROPROFILE_TYPE =
      Pattern.compile("org/eclipse/microprofile/[A-Za-z0-9_/$]+");

  @Test
  void onlyMpPackagesReferToMicroProfileTypes() throws IOException, URISyntaxException {
    Path classes =
        Path.of(
            ModelCacheService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> all;
    try (Stream<Path> files = Files.walk(classes)) {
      all = files.filter(f -> f.toString().endsWith(".class")).toList();
    }
    assertTrue(all.size() > 50, "compiled classes found under " + classes + ": " + all.size());

    List<String> offenders =
        all.stream()
            .filter(f -> !classes.relativize(f).toString().contains("/mp/"))
            .flatMap(f -> microProfileTypes(f).map(type -> classes.relativize(f) + " -> " + type))
            .toList();

    assertEquals(List.of(), offenders);
  }

  @Test
  void theMpPackagesDoReferToMicroProfile() throws URISyntaxException {
    Path classes =
        Path.of(
            ModelCacheService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path export =
        classes.resolve("dev/modelcache/service/metrics/mp/MicroProfileMetricsExport.class");

    assertTrue(microProfileTypes(export).anyMatch(t -> t.endsWith("metrics/MetricRegistry")));
  }

  /** The MicroProfile types a class file names, other than OpenAPI's annotations. */
  private static Stream<String> microProfileTypes(Path classFile) {
    try {
      // Class names in the constant pool are modified UTF-8, plain ASCII for these packages.
      String text = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
      Matcher m = MICROPROFILE_TYPE.matcher(text);
      Stream.Builder<String> found = Stream.builder();
      while (m.find()) {
        if (!m.group().startsWith("org/eclipse/microprofile/openapi/annotations/")) {
          found.add(m.group());
        }
      }
      return found.build().distinct();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
