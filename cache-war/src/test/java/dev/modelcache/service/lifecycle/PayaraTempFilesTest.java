package dev.modelcache.service.lifecycle;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Only this server's temporary runtime folder and the archive copy it names are deleted. */
class PayaraTempFilesTest {
  @TempDir Path tmp;

  private Path runtime(String name, String archive) throws IOException {
    Path runtime = tmp.resolve(name);
    Files.createDirectories(runtime.resolve("config"));
    Files.createDirectories(runtime.resolve("applications/model-cache/WEB-INF"));
    Files.writeString(runtime.resolve("applications/model-cache/WEB-INF/web.xml"), "<web-app/>");
    Files.writeString(
        runtime.resolve("config/domain.xml"),
        "<application name=\"model-cache\"><property name=\"archiveName\" value=\""
            + archive
            + "\"></property><property name=\"appLocation\""
            + " value=\"${com.sun.aas.instanceRootURI}/applications/__internal/model-cache/"
            + archive
            + "\"></property></application>");
    return runtime;
  }

  @Test
  void theTemporaryRuntimeFolderAndItsArchiveCopyGoAndNothingElse() throws IOException {
    Path runtime = runtime("payaramicro-rt1234tmp", "app5678tmp");
    Files.writeString(tmp.resolve("app5678tmp"), "the deployed war");
    Files.writeString(tmp.resolve("app9999tmp"), "another server's war");
    Path other = Files.createDirectories(tmp.resolve("payaramicro-rt4321tmp"));
    Path ort = Files.createDirectories(tmp.resolve("onnxruntime-java42"));

    PayaraTempFiles.delete(runtime, tmp);

    assertFalse(Files.exists(runtime));
    assertFalse(Files.exists(tmp.resolve("app5678tmp")));
    assertTrue(Files.exists(tmp.resolve("app9999tmp")));
    assertTrue(Files.exists(other));
    assertTrue(Files.exists(ort));
  }

  @Test
  void aRuntimeFolderGivenWithRootdirIsLeftAlone() throws IOException {
    Path runtime = runtime("my-payara-root", "app5678tmp");
    Files.writeString(tmp.resolve("app5678tmp"), "the deployed war");

    PayaraTempFiles.delete(runtime, tmp);

    assertTrue(Files.exists(runtime.resolve("config/domain.xml")));
    assertTrue(Files.exists(tmp.resolve("app5678tmp")));
  }
}
