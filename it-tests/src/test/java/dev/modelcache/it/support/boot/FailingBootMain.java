package dev.modelcache.it.support.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A stand-in for Payara Micro whose boot fails, run as the server by {@link
 * WatchedBootContainerTest}: it records that it was started in the file named by {@code
 * -Dboot.record}, then fails as {@code -Dboot.failure} says: {@code printed} writes Payara's
 * failure line and stays up (as the real server does), {@code exited} ends with status 1 without a
 * word.
 */
public final class FailingBootMain {
  private FailingBootMain() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Files.writeString(
        Path.of(System.getProperty("boot.record")),
        "boot\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    System.out.println("[2026-12-05T00:00:00.000+0000] [] [INFO] [] [PayaraMicro] Booting");
    if ("exited".equals(System.getProperty("boot.failure"))) {
      System.exit(1);
    }
    System.out.println(
        "[2026-12-05T00:00:01.000+0000] [] [SEVERE] [] [jakarta.enterprise.system.core]"
            + " Startup service failed to start");
    System.out.flush();
    // Stays up until the container stops it, as the real server does after this failure.
    Thread.sleep(Long.MAX_VALUE);
  }
}
