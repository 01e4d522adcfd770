package dev.modelcache.it.support.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fish.payara.arquillian.container.payara.managed.PayaraMicroContainerConfiguration;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Payara Micro boot that fails is noticed at once and tried once more, instead of being waited
 * for until the 180 s start-up timeout. The server here is {@link FailingBootMain}, started by the
 * real container code exactly as Payara Micro's jar would be.
 */
class WatchedBootContainerTest {
  @TempDir Path dir;

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aBootThatPrintsTheFailureIsStoppedAndTriedOnceMore() throws Exception {
    DeploymentException failed = deployWith("printed");

    assertTrue(
        failed.getMessage().contains("Startup service failed to start"), failed.getMessage());
    assertEquals(WatchedBootContainer.BOOTS, boots(), "boots started");
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aServerThatExitsDuringItsBootIsNoticedAndTriedOnceMore() throws Exception {
    DeploymentException failed = deployWith("exited");

    assertTrue(failed.getMessage().contains("exited"), failed.getMessage());
    assertEquals(WatchedBootContainer.BOOTS, boots(), "boots started");
  }

  private DeploymentException deployWith(String failure) throws Exception {
    PayaraMicroContainerConfiguration config = new PayaraMicroContainerConfiguration();
    config.setMicroJar(serverJar().toString());
    config.setCmdOptions(
        "-Dboot.record=" + dir.resolve("boots.txt") + " -Dboot.failure=" + failure);
    config.setExtraMicroOptions("");
    config.validate();
    WatchedBootContainer container = new WatchedBootContainer();
    container.setup(config);
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, "watched.war").addClass(FailingBootMain.class);
    return assertThrows(DeploymentException.class, () -> container.deploy(war));
  }

  private long boots() throws IOException {
    return Files.readAllLines(dir.resolve("boots.txt")).size();
  }

  /** A jar whose manifest starts {@link FailingBootMain} from this module's test classes. */
  private Path serverJar() throws IOException {
    Path classes =
        Path.of(
            FailingBootMain.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.put(Attributes.Name.MAIN_CLASS, FailingBootMain.class.getName());
    main.put(Attributes.Name.CLASS_PATH, classes.toUri().toString());
    Path jar = dir.resolve("failing-micro.jar");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream entries = new JarOutputStream(out, manifest)) {
      // The container reads the server's version from Payara Micro's branding file.
      entries.putNextEntry(new JarEntry("MICRO-INF/domain/branding/glassfish-version.properties"));
      entries.write(
          ("product_name=Payara Micro\nmajor_version=6\nminor_version=2025\nupdate_version=10\n"
                  + "build_id=42\nversion_prefix=\nversion_suffix=\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      entries.closeEntry();
    }
    return jar;
  }
}
