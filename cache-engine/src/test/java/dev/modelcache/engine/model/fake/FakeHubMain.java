package dev.modelcache.engine.model.fake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * {@link FakeHub} as a process of its own, for scripts that kill the service mid-download ({@code
 * it-tests/kill-download-check.sh}). Usage:
 *
 * <pre>
 * FakeHubMain &lt;state folder&gt; [--stall &lt;repo&gt;/&lt;path&gt;:&lt;bytes&gt;] &lt;repo id&gt;=&lt;folder&gt;...
 * </pre>
 *
 * <p>Writes {@code endpoint} (the Hub's URL) into the state folder once serving. With {@code
 * --stall}, the first download of that file stops after that many bytes: the fake then writes
 * {@code stalled}, holds the connection, and lets go (clearing the fault, so later downloads run
 * through) once a file named {@code release} appears. Runs until killed.
 */
public final class FakeHubMain {
  private FakeHubMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: FakeHubMain <state folder> [--stall <repo>/<path>:<bytes>] <repo>=<folder>...");
      System.exit(2);
    }
    Path state = Files.createDirectories(Path.of(args[0]));
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    String stallKey = null;
    long stallBytes = 0;
    if (rest.get(0).equals("--stall")) {
      String spec = rest.get(1);
      int colon = spec.lastIndexOf(':');
      stallKey = spec.substring(0, colon);
      stallBytes = Long.parseLong(spec.substring(colon + 1));
      rest = rest.subList(2, rest.size());
    }
    FakeHub hub = FakeHub.start();
    for (String repo : rest) {
      int eq = repo.indexOf('=');
      hub.addRepo(repo.substring(0, eq), Path.of(repo.substring(eq + 1)));
    }
    Stall stall = stallKey == null ? null : hub.faults().stall(stallKey, stallBytes);
    write(state.resolve("endpoint"), hub.endpoint().toString());
    System.out.println("fake hub at " + hub.endpoint() + ", CDN " + hub.cdn());
    if (stall != null) {
      while (!stall.awaitReached(Duration.ofMinutes(10))) {
        // keep waiting: the script decides how long it waits for the stall
      }
      write(state.resolve("stalled"), Long.toString(stallBytes));
      System.out.println("stalled after " + stallBytes + " bytes of " + stallKey);
      awaitFile(state, "release");
      hub.faults().clear(stallKey);
      System.out.println("released " + stallKey);
    }
    Thread.currentThread().join();
  }

  /** Blocks until {@code name} exists in {@code folder}, woken by the file system's events. */
  private static void awaitFile(Path folder, String name) throws IOException, InterruptedException {
    try (WatchService watcher = folder.getFileSystem().newWatchService()) {
      folder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
      while (!Files.exists(folder.resolve(name))) {
        watcher.take().reset(); // wakes at the next file created in the folder, then checks again
      }
    }
  }

  private static void write(Path file, String text) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temp, text, StandardCharsets.UTF_8);
    Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
