package dev.modelcache.engine.model.hub;

import dev.modelcache.api.ModelId;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The body of a child JVM that {@link KilledDownloadTest} starts and kills mid-download: fetches
 * one model from a Hub endpoint into a cache. Arguments: endpoint, cache folder, model id.
 */
public final class DownloadInChild {
  private DownloadInChild() {}

  public static void main(String[] args) {
    HubSettings settings =
        HubSettings.defaults(Path.of(args[1]))
            .withEndpoint(URI.create(args[0]))
            .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(120));
    boolean found = new HubSource(settings).locate(ModelId.of(args[2])).isPresent();
    System.out.println(found ? "downloaded" : "not found");
  }
}
